import { Token } from 'cdktf';
import { checkName, KFP_RULES, MAX_LABELS, PIPELINE_JOB_FIELDS as F, RUNTIME_CONFIG_FIELDS as R } from '../../src/catalog';

/**
 * The PipelineJob request the launcher sends (`POST .../pipelineJobs`), and the shell commands that
 * upload a template and start a run by hand. Pure functions: values may be literals or tokens.
 */

export interface PipelineJobRequest {
  readonly displayName: string;
  /** Artifact Registry KFP URI of the compiled template (`https://{region}-kfp.pkg.dev/...`). */
  readonly templateUri: string;
  /** Email of the identity the run executes as. */
  readonly serviceAccount: string;
  /** The pipeline root: where the run writes its artifacts. */
  readonly gcsOutputDirectory: string;
  /** Runtime parameters; every name must be an input of the compiled pipeline. */
  readonly parameterValues: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** A peered VPC (`projects/<number>/global/networks/<name>`); omitted: Google's network. */
  readonly network?: string;
}

/** The PipelineJob body, keyed by the API's JSON field names (see src/catalog/vertex.ts). */
export function pipelineJobBody(req: PipelineJobRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    [F.displayName]: req.displayName,
    [F.templateUri]: req.templateUri,
    [F.serviceAccount]: req.serviceAccount,
    [F.runtimeConfig]: {
      [R.gcsOutputDirectory]: req.gcsOutputDirectory,
      [R.parameterValues]: { ...req.parameterValues },
    },
    [F.labels]: { ...req.labels },
  };
  if (req.network !== undefined) body[F.network] = req.network;
  return body;
}

const BEARER = '-H "Authorization: Bearer $(gcloud auth print-access-token)"';

/** Uploads `pipeline.yaml` (the compiled template) to a KFP repository under `tag`; prints `<package>/sha256:<digest>`. */
export function uploadCommand(registryHost: string, tag: string): string {
  return `curl -sS -X POST ${BEARER} -F tags=${tag} -F content=@pipeline.yaml ${registryHost}`;
}

/** Starts one run now with the launcher's exact body (base64 is shell-safe, so the body needs no quoting). */
export function runCommand(endpoint: string, bodyBase64: string): string {
  return `echo ${bodyBase64} | base64 --decode | curl -sS -X POST ${BEARER} -H "Content-Type: application/json" --data-binary @- ${endpoint}`;
}

/** Problems with a literal value against a KFP rule, as `field="value": problem; allowed: ...` lines. */
export function checkKfp(rule: keyof typeof KFP_RULES, value: string, field: string, what: string): string[] {
  if (Token.isUnresolved(value)) return [];
  const r = KFP_RULES[rule];
  return new RegExp(r.pattern).test(value) ? [] : [`${field}="${value}": not a valid ${what}; allowed: ${r.allowed}`];
}

/** Parameter names must be pipeline inputs (Python identifiers) and must not take a name the construct sets. */
export function checkParameterNames(values: Readonly<Record<string, string>>, reserved: readonly string[], field: string): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(values)) {
    problems.push(...checkKfp('parameterName', name, `${field} key`, 'pipeline parameter name'));
    if (reserved.includes(name)) problems.push(`${field}.${name}="${values[name]}": set by the construct; allowed: any other name`);
  }
  return problems;
}

/** Labels of a run: Google's label rules, at most 64 including the ones the construct adds. */
export function checkRunLabels(labels: Readonly<Record<string, string>>, added: number, field: string): string[] {
  const problems: string[] = [];
  const keys = Object.keys(labels);
  if (keys.length + added > MAX_LABELS) problems.push(`${field}=${keys.length} labels: too many; allowed: at most ${MAX_LABELS - added}`);
  for (const key of keys) {
    const keyWhy = checkName('labelKey', key);
    if (keyWhy) problems.push(`${field}.${key}: label key "${key}" is not valid; allowed: ${keyWhy}`);
    const value = labels[key];
    const valueWhy = Token.isUnresolved(value) ? undefined : checkName('labelValue', value);
    if (valueWhy) problems.push(`${field}.${key}="${value}": not a valid label value; allowed: ${valueWhy}`);
  }
  return problems;
}
