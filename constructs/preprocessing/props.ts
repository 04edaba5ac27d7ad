import { ITerraformDependable } from 'cdktf';
import { IDataLake, IServiceAccount, ITrainingNetwork, IWorkloadServiceAccount } from '../contracts';

export const INPUT_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface PreprocessingJobProps {
  readonly projectId: string;
  readonly region: string;
  /** Template name (scheduler job, batch id prefix), e.g. `naming.name('preprocess')`. */
  readonly name: string;
  /** Reads `raw-data/<dataset>/`, writes `processed-data/<dataset>/`, keeps the script under `scripts/`. */
  readonly dataLake: IDataLake;
  readonly network: ITrainingNetwork;
  /** Runs the batch; given read access to the data lake, write to processed-data/, and roles/dataproc.worker. */
  readonly worker: IWorkloadServiceAccount;
  /** Cloud Scheduler's identity; may create batches and act as the worker, nothing else. */
  readonly invoker: IServiceAccount;
  /**
   * unix-cron schedule.
   * @default null (the scheduler job exists, paused)
   */
  readonly schedule?: string | null;
  /**
   * @default "Etc/UTC"
   */
  readonly timeZone?: string;
  /**
   * Also run once at deploy (google_dataproc_batch).
   * @default false
   */
  readonly runAtDeploy?: boolean;
  /**
   * Folder under raw-data/ and processed-data/.
   * @default "corpus"
   */
  readonly dataset?: string;
  /**
   * Format of the raw records.
   * @default "jsonl" (one JSON object per line)
   */
  readonly inputFormat?: InputFormat;
  /**
   * Fields every record must have, non-null and non-blank.
   * @default ["text"]
   */
  readonly requiredFields?: readonly string[];
  /**
   * Fields that identify a duplicate; empty means the whole record.
   * @default ["text"]
   */
  readonly keyFields?: readonly string[];
  /**
   * Share of records (by key hash) in the validation split, between 0 and 1.
   * @default 0.05
   */
  readonly validationFraction?: number;
  /** Passed to the template; defaults are the template's. */
  readonly runtimeVersion?: string;
  readonly sparkProperties?: Readonly<Record<string, string>>;
  readonly ttlSeconds?: number;
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Staging bucket name; the worker needs write access to it.
   * @default none: Dataproc's own per-location staging and temp buckets, which roles/dataproc.worker
   * reaches. The data lake holds no Dataproc files: a staging bucket also receives "other ephemeral
   * data, such as Spark history files" at paths Google does not document (ExecutionConfig.stagingBucket,
   * https://cloud.google.com/dataproc-serverless/docs/reference/rest/v1/EnvironmentConfig), and the
   * worker writes only processed-data/ there.
   */
  readonly stagingBucketName?: string;
  /**
   * The job file.
   * @default PREPROCESS_SCRIPT. Relative paths are read from the project root
   */
  readonly scriptPath?: string;
  /**
   * @default "preprocessing_submit_command"
   */
  readonly commandOutputName?: string;
  /** See DataprocBatchTemplateProps.today. */
  readonly today?: string;
}

export interface DataprocBatchTemplateProps {
  readonly projectId: string;
  readonly region: string;
  /**
   * 4-40 characters of a-z, 0-9 and hyphens, starting with a letter: the Cloud Scheduler job's name,
   * the prefix of every batch id, and (hyphens as underscores) the invoker's custom role id.
   */
  readonly name: string;
  /** `gs://<bucket>/<path>.py`: the driver. */
  readonly mainPythonFileUri: string;
  /**
   * Driver arguments.
   * @default none
   */
  readonly args?: readonly string[];
  /**
   * Extra Python files on the PYTHONPATH.
   * @default none
   */
  readonly pythonFileUris?: readonly string[];
  /**
   * Files placed in the working directory.
   * @default none
   */
  readonly fileUris?: readonly string[];
  /**
   * Runtime version from the catalog.
   * @default the catalog's default (2.3, LTS). Refused past end of support
   */
  readonly runtimeVersion?: string;
  /** Spark properties, merged over DEFAULT_SPARK_PROPERTIES (4-core driver and executors, at most 20 executors). */
  readonly sparkProperties?: Readonly<Record<string, string>>;
  /** The account the batch runs as. It is given roles/dataproc.worker; grant it data access yourself. */
  readonly worker: IWorkloadServiceAccount;
  /** The batch runs in this network's subnet (internal IPs only). */
  readonly network: ITrainingNetwork;
  /**
   * Bucket NAME (not gs://) for dependencies and driver output. The worker needs write access to it.
   * @default none: Dataproc's own per-location staging and temp buckets
   */
  readonly stagingBucketName?: string;
  /**
   * Time-to-live in seconds, 600 to 1209600.
   * @default 14400 (4 hours), Google's default
   */
  readonly ttlSeconds?: number;
  /** The batch's own labels; the stack's standard labels are added on top, the same in all three forms. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The identity Cloud Scheduler uses to call the Dataproc API; it may act as the worker, nothing more. */
  readonly invoker: IServiceAccount;
  /**
   * unix-cron schedule for the Cloud Scheduler job.
   * @default null, which creates the job paused
   */
  readonly schedule?: string | null;
  /**
   * tz database name the schedule is read in.
   * @default "Etc/UTC"
   */
  readonly timeZone?: string;
  /**
   * How the invoker may create batches: "custom" (default) creates a project custom role holding only
   * dataproc.batches.create; "predefined" grants roles/dataproc.serverlessEditor, for projects where
   * the deployer cannot create custom roles.
   */
  readonly invokerRole?: 'custom' | 'predefined';
  /**
   * Also run the batch once when applied, as google_dataproc_batch with a deterministic id.
   * @default false
   */
  readonly runAtDeploy?: boolean;
  /**
   * What the scheduled job and the deploy-time batch wait for (e.g. the uploaded script).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Name of the stack output holding the gcloud command.
   * @default `<construct id>_submit_command`
   */
  readonly commandOutputName?: string;
  /**
   * The day runtime support is checked against (YYYY-MM-DD).
   * @default today (UTC)
   */
  readonly today?: string;
}
