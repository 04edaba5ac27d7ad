import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { setComponent } from '../../src/core/labels';
import { DATA_LAKE_PREFIXES, WORKLOAD_WRITE_PREFIXES } from '../contracts';
import { DataprocBatchTemplate } from './batch-template';
import { PreprocessingJobProps } from './props';
import { validatePreprocessingJob } from './validate';
import { projectFile } from '../../src/core/project-file';

/** The preprocessing job, relative to the project root (the folder holding cdktf.json). */
export const PREPROCESS_SCRIPT = 'src/jobs/preprocess.py';

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
    validatePreprocessingJob(this.node.path, dataset, format, requiredFields, keyFields, validationFraction);

    const scriptPath = projectFile(props.scriptPath ?? PREPROCESS_SCRIPT);
    this.scriptHash = createHash('sha256').update(readFileSync(scriptPath)).digest('hex').slice(0, 16);
    const asset = new TerraformAsset(this, 'script', {
      path: scriptPath,
      type: AssetType.FILE,
      assetHash: this.scriptHash,
    });
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

    // Reads raw-data/ and its script; writes processed-data/ only (Dataproc stages in its own buckets).
    props.dataLake.grantRead(props.worker);
    props.dataLake.grantWrite(props.worker, WORKLOAD_WRITE_PREFIXES.dataprocWorker);

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
      stagingBucketName: props.stagingBucketName,
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
