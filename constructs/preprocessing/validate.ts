import { Token } from 'cdktf';
import {
  checkName,
  DATAPROC_SERVERLESS,
  findDataprocRuntime,
  NAMING_RULES,
  runsAsDefined,
  supportedDataprocRuntimes,
} from '../../src/catalog';
import { InputError } from '../../src/core/errors';
import { endsWithToken, literalText, Problems, startsWithToken, shown } from '../../src/core/validation';
import { PysparkBatchDefinition } from './batch-definition';
import { INPUT_FORMATS } from './props';

const SPARK_PROPERTY_KEY = /^spark\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** True when literal text would be read by Terraform as a template (`${...}` or `%{...}`). */
function looksLikeTemplate(value: string): boolean {
  const text = literalText(value);
  return text.includes('${') || text.includes('%{');
}

/**
 * Every problem with the definition's literal values, one line each (`<field>="<value>": <problem>;
 * allowed: <what>`); tokens are left to Terraform and the API. `today` is YYYY-MM-DD.
 */
export function checkBatchDefinition(def: PysparkBatchDefinition, path: string, today: string): string[] {
  const problems: string[] = [];
  const at = (field: string, value: unknown, problem: string, allowed: string) =>
    problems.push(
      `${path}.${field}=${typeof value === 'string' ? `"${value}"` : JSON.stringify(value)}: ${problem}; allowed: ${allowed}`,
    );
  const supported = supportedDataprocRuntimes(today).filter((v) => {
    const r = findDataprocRuntime(v);
    return r !== undefined && runsAsDefined(r);
  });
  const allowedRuntimes = `${supported.join(', ') || 'none: update src/catalog/dataproc.ts'} (supported on ${today})`;

  const runtime = findDataprocRuntime(def.runtimeVersion);
  if (!runtime) {
    at('runtimeVersion', def.runtimeVersion, 'not a Serverless for Apache Spark runtime version', allowedRuntimes);
  } else if (runtime.supportedUntil < today) {
    at('runtimeVersion', def.runtimeVersion, `past its end of support (${runtime.supportedUntil})`, allowedRuntimes);
  } else if (!runsAsDefined(runtime)) {
    const how = [
      runtime.endUserCredentialsByDefault ? "runs workloads with the caller's end-user credentials by default" : '',
      runtime.requiredServices.length ? `needs ${runtime.requiredServices.join(', ')}` : '',
      runtime.usesStagingBucket ? '' : 'uses no staging bucket',
    ].filter(Boolean);
    at(
      'runtimeVersion',
      def.runtimeVersion,
      `${how.join(', ')}, unlike this batch (its own service account, a staging bucket)`,
      allowedRuntimes,
    );
  }
  if (!Token.isUnresolved(def.serviceAccountEmail) && def.serviceAccountEmail.trim() === '') {
    at(
      'serviceAccountEmail',
      def.serviceAccountEmail,
      'empty: the batch would run as the Compute Engine default service account',
      "the worker service account's email",
    );
  }

  const { minSeconds, maxSeconds } = DATAPROC_SERVERLESS.ttl;
  if (
    !Token.isUnresolved(def.ttlSeconds) &&
    !(Number.isInteger(def.ttlSeconds) && def.ttlSeconds >= minSeconds && def.ttlSeconds <= maxSeconds)
  ) {
    at(
      'ttlSeconds',
      def.ttlSeconds,
      'outside the time-to-live Dataproc accepts',
      `a whole number of seconds from ${minSeconds} (10 minutes) to ${maxSeconds} (14 days)`,
    );
  }

  const staging = def.stagingBucketName;
  if (staging !== undefined && !Token.isUnresolved(staging)) {
    if (/^gs:\/\//i.test(staging))
      at('stagingBucketName', staging, 'a gs:// URI, not a bucket name', 'the bucket name alone, e.g. "my-bucket"');
    else if (checkName('bucketName', staging))
      at('stagingBucketName', staging, `not a valid ${NAMING_RULES.bucketName.what}`, NAMING_RULES.bucketName.allowed);
  }

  def.networkTags.forEach((tag, i) => {
    if (!Token.isUnresolved(tag) && checkName('networkName', tag))
      at(`networkTags[${i}]`, tag, 'not a valid network tag', NAMING_RULES.networkName.allowed);
  });

  // A token at either end (e.g. the bucket's name) leaves that end to Terraform.
  const main = def.mainPythonFileUri;
  const startKnown = !startsWithToken(main);
  const endKnown = !endsWithToken(main);
  if ((startKnown && !main.startsWith('gs://')) || (endKnown && !main.endsWith('.py'))) {
    at('mainPythonFileUri', main, 'not a gs:// URI of a .py file', 'gs://<bucket>/<path>.py');
  }

  for (const [key, value] of Object.entries(def.sparkProperties)) {
    if (!SPARK_PROPERTY_KEY.test(key))
      at(
        `sparkProperties["${key}"]`,
        value,
        'not a Spark property key',
        'dotted keys starting with "spark.", e.g. "spark.executor.cores"',
      );
    if (typeof value !== 'string')
      at(`sparkProperties["${key}"]`, value, 'not a string', 'string values, e.g. "4" or "9600m"');
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
      at(
        field,
        value,
        'contains "${" or "%{", which Terraform would read as a template',
        'text without those two sequences',
      );
    }
  }
  return problems;
}

/** How a batch template is named, labelled and scheduled: the settings beyond the batch itself. */
export interface TemplateSettings {
  readonly name: string;
  readonly schedule: string | null;
  readonly timeZone: string;
  readonly outputName: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Every problem with the settings, one line each, under `path`. */
export function checkTemplateSettings(s: TemplateSettings, path: string): string[] {
  const problems: string[] = [];
  if (Token.isUnresolved(s.name)) {
    problems.push(
      `${path}.name=${shown(s.name)}: a Terraform token; allowed: a literal name (it derives the role id, the scheduler job and the batch ids)`,
    );
  } else if (!/^[a-z][-a-z0-9]{2,38}[a-z0-9]$/.test(s.name)) {
    problems.push(
      `${path}.name=${shown(s.name)}: not a template name; allowed: 4-40 characters of a-z, 0-9 and hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  const schedule = new Problems(path);
  schedule.schedule(s.schedule, s.timeZone);
  problems.push(...schedule.list);
  for (const [key, value] of Object.entries(s.labels)) {
    const why = checkName('labelKey', key) ?? checkName('labelValue', value);
    if (why)
      problems.push(
        `${path}.labels["${key}"]=${shown(value)}: not a valid label; allowed: keys ${NAMING_RULES.labelKey.allowed}; values ${NAMING_RULES.labelValue.allowed}`,
      );
  }
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s.outputName)) {
    problems.push(
      `${path}.commandOutputName=${shown(s.outputName)}: not a Terraform output name; allowed: letters, digits, _ and -, starting with a letter or _`,
    );
  }
  return problems;
}

/** Refuses the preprocessing job's literal options, one line each. */
export function validatePreprocessingJob(
  path: string,
  dataset: string,
  format: string,
  required: readonly string[],
  keys: readonly string[],
  fraction: number,
): void {
  const problems: string[] = [];
  if (!Token.isUnresolved(dataset) && !/^[a-z0-9][-_a-z0-9]{0,62}$/.test(dataset)) {
    problems.push(
      `${path}.dataset=${shown(dataset)}: not a dataset folder name; allowed: 1-63 of a-z, 0-9, - and _, starting with a letter or digit`,
    );
  }
  if (!(INPUT_FORMATS as readonly string[]).includes(format)) {
    problems.push(
      `${path}.inputFormat=${shown(format)}: not a supported input format; allowed: ${INPUT_FORMATS.join(', ')}`,
    );
  }
  for (const [field, list] of [
    ['requiredFields', required],
    ['keyFields', keys],
  ] as const) {
    list.forEach((name, i) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        problems.push(
          `${path}.${field}[${i}]=${shown(name)}: not a field name; allowed: letters, digits and _, not starting with a digit`,
        );
      }
    });
  }
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    problems.push(
      `${path}.validationFraction=${JSON.stringify(fraction)}: not a share of the records; allowed: a number strictly between 0 and 1, e.g. 0.05`,
    );
  }
  if (problems.length) throw new InputError(problems);
}
