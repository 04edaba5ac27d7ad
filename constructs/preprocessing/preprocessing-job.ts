import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { AssetType, TerraformAsset, Token } from 'cdktf';
import { Construct } from 'constructs';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { InputError } from '../../src/core/errors';
import { setComponent } from '../../src/core/labels';
import { DATA_LAKE_PREFIXES, IDataBucket, IServiceAccount, ITrainingNetwork } from '../contracts';
import { DataprocBatchTemplate, IWorkloadIdentity } from './batch-template';

/** The preprocessing job, relative to the project root (the folder holding cdktf.json). */
export const PREPROCESS_SCRIPT = 'src/jobs/preprocess.py';

export const INPUT_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface PreprocessingJobProps {
  readonly projectId: string;
  readonly region: string;
  /** Template name (scheduler job, batch id prefix), e.g. `naming.name('preprocess')`. */
  readonly name: string;
  /** Reads `raw-data/<dataset>/`, writes `processed-data/<dataset>/`, keeps the script under `scripts/`. */
  readonly dataLake: IDataBucket;
  readonly network: ITrainingNetwork;
  /** Runs the batch; given read-write access to the data lake and roles/dataproc.worker. */
  readonly worker: IWorkloadIdentity;
  /** Cloud Scheduler's identity; may create batches and act as the worker, nothing else. */
  readonly invoker: IServiceAccount;
  /** unix-cron schedule. Default: null (the scheduler job exists, paused). */
  readonly schedule?: string | null;
  /** Default: "Etc/UTC". */
  readonly timeZone?: string;
  /** Also run once at deploy (google_dataproc_batch). Default: false. */
  readonly runAtDeploy?: boolean;
  /** Folder under raw-data/ and processed-data/. Default: "corpus". */
  readonly dataset?: string;
  /** Format of the raw records. Default: "jsonl" (one JSON object per line). */
  readonly inputFormat?: InputFormat;
  /** Fields every record must have, non-null and non-blank. Default: ["text"]. */
  readonly requiredFields?: readonly string[];
  /** Fields that identify a duplicate; empty means the whole record. Default: ["text"]. */
  readonly keyFields?: readonly string[];
  /** Share of records (by key hash) in the validation split, between 0 and 1. Default: 0.05. */
  readonly validationFraction?: number;
  /** Passed to the template; defaults are the template's. */
  readonly runtimeVersion?: string;
  readonly sparkProperties?: Readonly<Record<string, string>>;
  readonly ttlSeconds?: number;
  readonly labels?: Readonly<Record<string, string>>;
  /** Staging bucket name. Default: the data lake (Dataproc writes under its own prefix there). */
  readonly stagingBucketName?: string;
  /** The job file. Default: PREPROCESS_SCRIPT. Relative paths are read from the project root. */
  readonly scriptPath?: string;
  /** Default: "preprocessing_submit_command". */
  readonly commandOutputName?: string;
  /** See DataprocBatchTemplateProps.today. */
  readonly today?: string;
}

/**
 * The preprocessing step: uploads src/jobs/preprocess.py to `scripts/preprocess-<sha256>.py` (so a
 * changed file is a new object and every form runs the new code), and defines the batch that runs
 * it over `raw-data/<dataset>/` into `processed-data/<dataset>/`.
 *
 * @example new PreprocessingJob(this, 'preprocessing', { projectId, region, name: 'tpu-dev-preprocess',
 *   dataLake, network, worker: identities.dataprocWorker, invoker: identities.scheduler, schedule: '0 3 * * *' });
 */
export class PreprocessingJob extends Construct {
  /** First 16 hex digits of the script's SHA-256. */
  readonly scriptHash: string;
  readonly scriptObject: StorageBucketObject;
  readonly scriptUri: string;
  readonly template: DataprocBatchTemplate;

  constructor(scope: Construct, id: string, props: PreprocessingJobProps) {
    super(scope, id);
    setComponent(this, 'preprocessing');
    const dataset = props.dataset ?? 'corpus';
    const format = props.inputFormat ?? 'jsonl';
    const requiredFields = props.requiredFields ?? ['text'];
    const keyFields = props.keyFields ?? ['text'];
    const validationFraction = props.validationFraction ?? 0.05;
    validate(this.node.path, dataset, format, requiredFields, keyFields, validationFraction);

    const scriptPath = projectFile(props.scriptPath ?? PREPROCESS_SCRIPT);
    this.scriptHash = createHash('sha256').update(readFileSync(scriptPath)).digest('hex').slice(0, 16);
    const asset = new TerraformAsset(this, 'script', { path: scriptPath, type: AssetType.FILE, assetHash: this.scriptHash });
    const objectName = `preprocess-${this.scriptHash}.py`;
    this.scriptObject = new StorageBucketObject(this, 'script-object', {
      bucket: props.dataLake.bucketName,
      name: `${DATA_LAKE_PREFIXES.scripts}/${objectName}`,
      source: asset.path,
      contentType: 'text/x-python',
      // The new version exists before the old one goes, so a run starting meanwhile finds its file.
      lifecycle: { createBeforeDestroy: true },
    });
    this.scriptUri = props.dataLake.gsUri('scripts', objectName);

    props.dataLake.grantReadWrite(props.worker);

    const args = [
      `--input=${props.dataLake.gsUri('raw-data', dataset)}`,
      `--output=${props.dataLake.gsUri('processed-data', dataset)}`,
      `--format=${format}`,
      ...(requiredFields.length ? [`--required-fields=${requiredFields.join(',')}`] : []),
      ...(keyFields.length ? [`--key-fields=${keyFields.join(',')}`] : []),
      `--validation-fraction=${validationFraction}`,
    ];
    this.template = new DataprocBatchTemplate(this, 'batch', {
      projectId: props.projectId,
      region: props.region,
      name: props.name,
      mainPythonFileUri: this.scriptUri,
      args,
      runtimeVersion: props.runtimeVersion,
      sparkProperties: props.sparkProperties,
      worker: props.worker,
      network: props.network,
      stagingBucketName: props.stagingBucketName ?? props.dataLake.bucketName,
      ttlSeconds: props.ttlSeconds,
      labels: props.labels,
      invoker: props.invoker,
      schedule: props.schedule,
      timeZone: props.timeZone,
      runAtDeploy: props.runAtDeploy,
      dependsOn: [this.scriptObject],
      commandOutputName: props.commandOutputName ?? 'preprocessing_submit_command',
      today: props.today,
    });
  }
}

/** An absolute path for `path`: as given when absolute, else under the folder holding cdktf.json. */
function projectFile(path: string): string {
  if (isAbsolute(path)) return path;
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cdktf.json'))) return join(dir, path);
    if (dirname(dir) === dir) return resolve(path);
  }
}

function validate(path: string, dataset: string, format: string, required: readonly string[], keys: readonly string[], fraction: number): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(dataset) && !/^[a-z0-9][-_a-z0-9]{0,62}$/.test(dataset)) {
    problems.push(`${path}.dataset="${dataset}": not a dataset folder name; allowed: 1-63 of a-z, 0-9, - and _, starting with a letter or digit`);
  }
  if (!(INPUT_FORMATS as readonly string[]).includes(format)) {
    problems.push(`${path}.inputFormat="${format}": not a supported input format; allowed: ${INPUT_FORMATS.join(', ')}`);
  }
  for (const [field, list] of [['requiredFields', required], ['keyFields', keys]] as const) {
    list.forEach((name, i) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        problems.push(`${path}.${field}[${i}]="${name}": not a field name; allowed: letters, digits and _, not starting with a digit`);
      }
    });
  }
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    problems.push(`${path}.validationFraction=${JSON.stringify(fraction)}: not a share of the records; allowed: a number strictly between 0 and 1, e.g. 0.05`);
  }
  if (problems.length) throw new InputError(problems);
}
