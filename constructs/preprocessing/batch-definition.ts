/**
 * One PySpark batch for Serverless for Apache Spark, complete: every field the three ways of running
 * it (gcloud, Cloud Scheduler, google_dataproc_batch) need. Strings may be Terraform tokens.
 */
export interface PysparkBatchDefinition {
  readonly projectId: string;
  readonly region: string;
  /** `gs://.../*.py`: the driver. */
  readonly mainPythonFileUri: string;
  readonly args: readonly string[];
  /** Extra `.py`, `.egg` or `.zip` files put on the PYTHONPATH. */
  readonly pythonFileUris: readonly string[];
  /** Files placed in each executor's working directory. */
  readonly fileUris: readonly string[];
  readonly runtimeVersion: string;
  readonly sparkProperties: Readonly<Record<string, string>>;
  readonly serviceAccountEmail: string;
  /** `projects/<p>/regions/<r>/subnetworks/<name>` (or a full URL). */
  readonly subnetworkUri: string;
  /** Network tags of the batch's VMs: the network's firewall rules admit executor traffic by them. */
  readonly networkTags: readonly string[];
  /** A bucket name, not a gs:// URI. */
  readonly stagingBucketName?: string;
  readonly ttlSeconds: number;
}

/**
 * Executor sizing used unless a template overrides a key: 4-core driver and executors with 9600m,
 * two executors to start with, and at most 20 under dynamic allocation, which caps a run at
 * (1 + 20) x 4 = 84 DCUs (about $5/hour at the catalog price).
 */
export const DEFAULT_SPARK_PROPERTIES: Readonly<Record<string, string>> = {
  'spark.driver.cores': '4',
  'spark.driver.memory': '9600m',
  'spark.executor.cores': '4',
  'spark.executor.memory': '9600m',
  'spark.executor.instances': '2',
  'spark.dynamicAllocation.maxExecutors': '20',
};

/** YYYY-MM-DD of a date, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `<n>s`: the Duration form the REST API, Terraform and gcloud all accept. */
export function ttlDuration(seconds: number): string {
  return `${seconds}s`;
}
