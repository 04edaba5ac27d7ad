import { PIPELINE_JOB_FIELDS as F, RUNTIME_CONFIG_FIELDS as R } from '../../src/catalog';

/**
 * The PipelineJob request the launcher sends (`POST .../pipelineJobs`), and the shell commands that
 * upload a template and start a run by hand. Pure functions: values may be literals or tokens.
 */

export interface PipelineJobRequest {
  readonly displayName: string;
  /** Artifact Registry KFP URI of the compiled template (`https://{region}-kfp.pkg.dev/...`); or: */
  readonly templateUri?: string;
  /** The compiled spec, inline. */
  readonly pipelineSpec?: Readonly<Record<string, unknown>>;
  /** Email of the identity the run executes as. */
  readonly serviceAccount: string;
  /** The pipeline root: where the run writes its artifacts. */
  readonly gcsOutputDirectory: string;
  /** Runtime parameters; every name must be an input of the compiled pipeline. */
  readonly parameterValues: Readonly<Record<string, string | number>>;
  readonly labels: Readonly<Record<string, string>>;
  /** A peered VPC (`projects/<number>/global/networks/<name>`); omitted: Google's network. */
  readonly network?: string;
}

/** The PipelineJob body, keyed by the API's JSON field names (see src/catalog/vertex.ts). */
export function pipelineJobBody(req: PipelineJobRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    [F.displayName]: req.displayName,
    ...(req.pipelineSpec !== undefined ? { [F.pipelineSpec]: req.pipelineSpec } : { [F.templateUri]: req.templateUri }),
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
