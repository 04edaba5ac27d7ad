import { Token } from 'cdktf';
import { checkName, DATAPROC_SERVERLESS, findDataprocRuntime, NAMING_RULES, supportedDataprocRuntimes } from '../../src/catalog';

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
  /** A bucket name, not a gs:// URI. */
  readonly stagingBucketName: string;
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

const SPARK_PROPERTY_KEY = /^spark\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const TOKEN_MARKER = /\$\{TfToken\[[^\]]+\]\}/g;

/** The literal text of a string, with cdktf token markers removed. */
export function literalText(value: string): string {
  return value.replace(TOKEN_MARKER, '');
}

/** True when literal text would be read by Terraform as a template (`${...}` or `%{...}`). */
function looksLikeTemplate(value: string): boolean {
  const text = literalText(value);
  return text.includes('${') || text.includes('%{');
}

/** YYYY-MM-DD of a date, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Every problem with the definition's literal values, one line each (`<field>="<value>": <problem>;
 * allowed: <what>`); tokens are left to Terraform and the API. `today` is YYYY-MM-DD.
 */
export function checkBatchDefinition(def: PysparkBatchDefinition, path: string, today: string): string[] {
  const problems: string[] = [];
  const at = (field: string, value: unknown, problem: string, allowed: string) =>
    problems.push(`${path}.${field}=${typeof value === 'string' ? `"${value}"` : JSON.stringify(value)}: ${problem}; allowed: ${allowed}`);
  const supported = supportedDataprocRuntimes(today);
  const allowedRuntimes = `${supported.join(', ') || 'none: update src/catalog/dataproc.ts'} (supported on ${today})`;

  const runtime = findDataprocRuntime(def.runtimeVersion);
  if (!runtime) {
    at('runtimeVersion', def.runtimeVersion, 'not a Serverless for Apache Spark runtime version', allowedRuntimes);
  } else if (runtime.supportedUntil < today) {
    at('runtimeVersion', def.runtimeVersion, `past its end of support (${runtime.supportedUntil})`, allowedRuntimes);
  }
  if (!Token.isUnresolved(def.serviceAccountEmail) && def.serviceAccountEmail.trim() === '') {
    const why = runtime?.requiresServiceAccount ? `runtime ${runtime.version} requires a user-specified service account` : 'empty: the batch would run as the Compute Engine default service account';
    at('serviceAccountEmail', def.serviceAccountEmail, why, "the worker service account's email");
  }

  const { minSeconds, maxSeconds } = DATAPROC_SERVERLESS.ttl;
  if (!Token.isUnresolved(def.ttlSeconds) && !(Number.isInteger(def.ttlSeconds) && def.ttlSeconds >= minSeconds && def.ttlSeconds <= maxSeconds)) {
    at('ttlSeconds', def.ttlSeconds, 'outside the time-to-live Dataproc accepts', `a whole number of seconds from ${minSeconds} (10 minutes) to ${maxSeconds} (14 days)`);
  }

  const staging = def.stagingBucketName;
  if (!Token.isUnresolved(staging)) {
    if (/^gs:\/\//i.test(staging)) at('stagingBucketName', staging, 'a gs:// URI, not a bucket name', 'the bucket name alone, e.g. "my-bucket"');
    else if (checkName('bucketName', staging)) at('stagingBucketName', staging, `not a valid ${NAMING_RULES.bucketName.what}`, NAMING_RULES.bucketName.allowed);
  }

  // A token at either end (e.g. the bucket's name) leaves that end to Terraform.
  const main = def.mainPythonFileUri;
  const startKnown = !/^\$\{TfToken\[/.test(main);
  const endKnown = !/\]\}$/.test(main);
  if ((startKnown && !main.startsWith('gs://')) || (endKnown && !main.endsWith('.py'))) {
    at('mainPythonFileUri', main, 'not a gs:// URI of a .py file', 'gs://<bucket>/<path>.py');
  }

  for (const [key, value] of Object.entries(def.sparkProperties)) {
    if (!SPARK_PROPERTY_KEY.test(key)) at(`sparkProperties["${key}"]`, value, 'not a Spark property key', 'dotted keys starting with "spark.", e.g. "spark.executor.cores"');
    if (typeof value !== 'string') at(`sparkProperties["${key}"]`, value, 'not a string', 'string values, e.g. "4" or "9600m"');
  }

  const strings: [string, unknown][] = [
    ['mainPythonFileUri', main],
    ...def.args.map((a, i): [string, unknown] => [`args[${i}]`, a]),
    ...def.pythonFileUris.map((u, i): [string, unknown] => [`pythonFileUris[${i}]`, u]),
    ...def.fileUris.map((u, i): [string, unknown] => [`fileUris[${i}]`, u]),
    ...Object.entries(def.sparkProperties).map(([k, v]): [string, unknown] => [`sparkProperties["${k}"]`, v]),
  ];
  for (const [field, value] of strings) {
    if (typeof value === 'string' && looksLikeTemplate(value)) {
      at(field, value, 'contains "${" or "%{", which Terraform would read as a template', 'text without those two sequences');
    }
  }
  return problems;
}

/** `<n>s`: the Duration form the REST API, Terraform and gcloud all accept. */
export function ttlDuration(seconds: number): string {
  return `${seconds}s`;
}
