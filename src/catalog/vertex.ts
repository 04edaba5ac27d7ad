import { DATAPROC_SERVERLESS } from './dataproc';
import { source } from './source';

/**
 * Vertex AI Pipelines, Artifact Registry (KFP format) and the Cloud Scheduler launcher: endpoints,
 * roles, API field names and rules, each with the place it was checked.
 *
 * Provider 6.50 has no pipeline-job or pipeline-schedule resource (terraform-provider-google #23290),
 * so a Cloud Scheduler job creates PipelineJobs through the REST API.
 */

/** The Vertex AI REST API version the launcher calls. */
export const VERTEX_API_VERSION = 'v1';

/** Vertex AI is served from regional endpoints only: `{region}-aiplatform.googleapis.com`. */
export function pipelineJobsEndpoint(region: string, project: string): string {
  return `https://${region}-aiplatform.googleapis.com/${VERTEX_API_VERSION}/projects/${project}/locations/${region}/pipelineJobs`;
}

/** An Artifact Registry KFP repository as a KFP registry host (what `RegistryClient(host=...)` takes and uploads go to). */
export function kfpRegistryHost(region: string, project: string, repository: string): string {
  return `https://${region}-kfp.pkg.dev/${project}/${repository}`;
}

/** A template in a KFP repository, by tag or by version (`sha256:...`): what `PipelineJob.templateUri` takes. */
export function kfpTemplateUri(
  region: string,
  project: string,
  repository: string,
  pipelinePackage: string,
  tagOrVersion: string,
): string {
  return `${kfpRegistryHost(region, project, repository)}/${pipelinePackage}/${tagOrVersion}`;
}

export const VERTEX_ENDPOINT_SOURCE = source(
  'https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.pipelineJobs/create',
);
export const KFP_REGISTRY_SOURCE = source(
  'https://cloud.google.com/vertex-ai/docs/pipelines/create-pipeline-template; kubeflow/pipelines sdk/python/kfp/registry/context/kfp_pkg_dev.json (upload: multipart POST of `content` and `tags` to the host)',
);

/**
 * `PipelineJob.templateUri` accepts only a template registry URI (Artifact Registry, `https://{region}-kfp.pkg.dev/...`).
 * A `gs://` path works in the Python SDK only because the SDK downloads it and sends `pipelineSpec`;
 * the REST API itself does not fetch it.
 */
export const TEMPLATE_URI_SOURCE = source(
  'google.cloud.aiplatform.v1.PipelineJob.template_uri: "Currently, only uri from Vertex Template Registry & Gallery is supported" (aiplatform v1 proto; Python SDK PipelineJob(template_path=...) docs)',
);

/** Fields of `google.cloud.aiplatform.v1.PipelineJob` (and its RuntimeConfig) the launcher sends, as JSON names. */
export const PIPELINE_JOB_FIELDS = {
  displayName: 'displayName',
  templateUri: 'templateUri',
  pipelineSpec: 'pipelineSpec',
  serviceAccount: 'serviceAccount',
  runtimeConfig: 'runtimeConfig',
  labels: 'labels',
  network: 'network',
} as const;

export const RUNTIME_CONFIG_FIELDS = {
  gcsOutputDirectory: 'gcsOutputDirectory',
  parameterValues: 'parameterValues',
} as const;

/** Where the real schema lives: tests hold the launcher's body against it. */
export const PIPELINE_JOB_SCHEMA = {
  npmPackage: '@google-cloud/aiplatform',
  protosJson: '@google-cloud/aiplatform/build/protos/protos.json',
  message: 'google.cloud.aiplatform.v1.PipelineJob',
  source: source('@google-cloud/aiplatform 6.9.0 build/protos/protos.json'),
} as const;

/** Roles the pipeline's identities need, each granted as narrowly as the API allows. */
export const VERTEX_ROLES = {
  /** Create PipelineJobs and the custom jobs they start; read the metadata store. Project-level only. */
  aiplatformUser: 'roles/aiplatform.user',
  /** Download templates: the caller that creates a run from a template, and the pipeline's service account. */
  artifactRegistryReader: 'roles/artifactregistry.reader',
  /** Upload templates and move tags. */
  artifactRegistryWriter: 'roles/artifactregistry.writer',
  /** Create, read, overwrite and delete objects (no IAM or bucket settings): the pipeline root. */
  storageObjectUser: 'roles/storage.objectUser',
  source: source(
    'https://cloud.google.com/vertex-ai/docs/pipelines/configure-project; https://cloud.google.com/vertex-ai/docs/pipelines/create-pipeline-template (Configure permissions); https://cloud.google.com/storage/docs/access-control/iam-roles',
  ),
} as const;

/** Project roles a pipeline runner needs for the steps it starts itself (beyond aiplatform.user). */
export const PIPELINE_STEP_ROLES = {
  /**
   * Submit Dataproc Serverless batches and follow them (batches.create/get, operations.get): the
   * serverless-only editor role, narrower than roles/dataproc.editor (which also manages clusters).
   */
  dataprocBatchSubmitter: DATAPROC_SERVERLESS.narrowestPredefinedCreateRole,
  source: source('https://cloud.google.com/dataproc-serverless/docs/concepts/iam'),
} as const;

/**
 * An IAM condition that limits a bucket-level grant to objects under one prefix, while still allowing
 * bucket-level calls such as listing (storage.objects.list is checked against the bucket, not an object).
 */
export function objectPrefixCondition(bucketName: string, prefix: string): string {
  return `resource.type == "storage.googleapis.com/Bucket" || resource.name.startsWith("projects/_/buckets/${bucketName}/objects/${prefix}/")`;
}

export const IAM_CONDITION_SOURCE = source(
  'https://cloud.google.com/iam/docs/conditions-resource-attributes (Cloud Storage resource types and names); https://cloud.google.com/storage/docs/access-control/iam#conditions (needs uniform bucket-level access)',
);

/** Artifact Registry repository format for compiled pipeline templates. */
export const KFP_REPOSITORY_FORMAT = 'KFP';

/** Vertex AI Pipelines always record into the project's metadata store named `default` (one per region). */
export const DEFAULT_METADATA_STORE_ID = 'default';
export const METADATA_STORE_SOURCE = source(
  'https://cloud.google.com/vertex-ai/docs/ml-metadata/configure (metadataStores?metadata_store_id=default); https://cloud.google.com/vertex-ai/docs/pipelines/configure-project; google-beta google_vertex_ai_metadata_store',
);

/** The Cloud Scheduler job that launches pipeline runs: how it authenticates and when it runs. */
export const PIPELINE_LAUNCHER = {
  /** OAuth (not OIDC) tokens are what *.googleapis.com accepts. */
  oauthScope: 'https://www.googleapis.com/auth/cloud-platform',
  authSource: source('https://cloud.google.com/scheduler/docs/http-target-auth'),
  /**
   * The API requires a schedule even for a paused job: a paused launcher keeps this one (once a year),
   * which only matters if someone resumes the job by hand.
   */
  pausedSchedule: '0 0 1 1 *',
  defaultTimeZone: 'Etc/UTC',
  /** HTTP targets allow 15 s to 30 min; creating a PipelineJob answers within seconds. */
  attemptDeadline: '180s',
  cronSource: source('https://cloud.google.com/scheduler/docs/configuring/cron-job-schedules'),
  limitsSource: source('google provider 6.50 cloud_scheduler_job: attempt_deadline, paused, http_target.body (base64)'),
} as const;

/**
 * Names a team chooses, checked before they reach the API. The KFP package name is the compiled
 * pipeline's `pipelineInfo.name`, which the KFP SDK derives from `@dsl.pipeline(name=...)`.
 */
export const KFP_RULES = {
  pipelinePackage: {
    pattern: '^[a-z0-9]([-a-z0-9]{0,126}[a-z0-9])?$',
    allowed:
      '1-128 characters: lowercase letters, digits and hyphens, starting and ending with a letter or digit (the pipeline name in the compiled YAML, pipelineInfo.name)',
    source: source(
      "kubeflow/pipelines sdk/python/kfp/client/client.py validate_pipeline_resource_name (dots not allowed here: this project's stricter rule)",
    ),
  },
  templateTag: {
    pattern: '^([a-z0-9][-_.a-z0-9]{0,127}|sha256:[a-f0-9]{64})$',
    allowed:
      'a tag of 1-128 lowercase letters, digits, ".", "_" and "-" starting with a letter or digit (e.g. latest, v1.2.0), or a version "sha256:<64 hex digits>"',
    source: source(
      'kubeflow/pipelines sdk/python/kfp/registry/registry_client.py (tags must not start with "sha256:", versions must); lowercase-only is this project\'s rule',
    ),
  },
  /** Pipeline parameters are Python identifiers in the KFP DSL. */
  parameterName: {
    pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
    allowed: 'a Python identifier: letters, digits and underscores, not starting with a digit',
    source: source('https://www.kubeflow.org/docs/components/pipelines/user-guides/data-handling/parameters/'),
  },
  /** `PipelineJob.network`: a peered VPC, named with the project NUMBER. */
  peeredNetwork: {
    pattern: '^projects/[0-9]+/global/networks/[a-z]([-a-z0-9]{0,61}[a-z0-9])?$',
    allowed:
      'projects/<project number>/global/networks/<network>, a network peered with Vertex AI through Private Services Access',
    source: source(
      'https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.pipelineJobs (network); https://cloud.google.com/vertex-ai/docs/pipelines/configure-private-service-access',
    ),
  },
} as const;
