import { source } from './source';

/**
 * Kubeflow Pipelines' pipeline IR (what a Vertex AI PipelineJob carries inline as `pipelineSpec`),
 * the container image the training steps run in, and what Vertex AI does with a step's resources.
 * Read from KFP's own definition and compiler output; each fact keeps where it was checked.
 *
 * Not re-exported from ./index: import this file by path.
 */

const PROTO = 'kubeflow/pipelines api/v2alpha1/pipeline_spec.proto';
const COMPILER = 'kubeflow/pipelines sdk/python/kfp/compiler/pipeline_spec_builder.py';

/** `ParameterType.ParameterTypeEnum` without PARAMETER_TYPE_ENUM_UNSPECIFIED (0), which no spec may carry. */
export const KFP_PARAMETER_TYPES = [
  'NUMBER_DOUBLE',
  'NUMBER_INTEGER',
  'STRING',
  'BOOLEAN',
  'LIST',
  'STRUCT',
  'TASK_FINAL_STATUS',
] as const;
export type KfpParameterType = (typeof KFP_PARAMETER_TYPES)[number];

/** The JSON kind (`google.protobuf.Value`) a value of each type takes in a spec or in `runtimeConfig.parameterValues`. */
export const KFP_PARAMETER_JSON_KIND: Readonly<Record<KfpParameterType, string>> = {
  NUMBER_DOUBLE: 'a number',
  NUMBER_INTEGER: 'an integer within the JavaScript safe range (|n| <= 2^53 - 1)',
  STRING: 'a string',
  BOOLEAN: 'true or false',
  LIST: 'a JSON array',
  STRUCT: 'a JSON object',
  TASK_FINAL_STATUS: 'nothing: set by the backend from taskFinalStatus only',
};

export const KFP_PIPELINE_SPEC = {
  /** `PipelineSpec.schema_version` as every KFP 2 compiler writes it. */
  schemaVersion: '2.1.0',
  schemaVersionSource: source(
    `${COMPILER} ("Schema version 2.1.0 is required for kfp-pipeline-spec>0.1.13"); ${PROTO}`,
    '2026-12',
  ),

  /**
   * `PipelineSpec.sdk_version`, informational (the compiler writes `kfp-<kfp.__version__>`). This project
   * emits the version of the newest compiler output it read and follows field by field
   * (sdk/python/test_data/pipelines/pipeline_with_resource_spec.yaml, written by kfp 2.13.0).
   * The SDK itself is at 2.17.3 on PyPI (2026-10); the IR shape used here did not change.
   */
  sdkVersion: 'kfp-2.13.0',
  sdkVersionSource: source(
    `${COMPILER} (sdk_version = f'kfp-{kfp.__version__}'); sdk/python/test_data/pipelines/pipeline_with_resource_spec.yaml (sdkVersion: kfp-2.13.0); https://pypi.org/project/kfp/`,
    '2026-12',
  ),

  parameterTypes: KFP_PARAMETER_TYPES,
  parameterTypesSource: source(`${PROTO} (message ParameterType, enum ParameterTypeEnum)`, '2026-12'),
  /** NUMBER_INTEGER values must be JavaScript safe integers (the proto's own words). */
  integerRangeSource: source(`${PROTO} (ParameterTypeEnum.NUMBER_INTEGER comment)`, '2026-12'),

  /**
   * A task with caching off: the compiler sets `caching_options.enable_cache = False`, which proto3
   * JSON writes as an empty message, `cachingOptions: {}`; on, `{enableCache: true}`.
   */
  cachingOff: {} as Readonly<Record<string, never>>,
  cachingOn: { enableCache: true } as const,
  cachingSource: source(
    `${COMPILER} (pipeline_task_spec.caching_options.enable_cache = task._task_spec.enable_caching); ${PROTO} (CachingOptions: "Defaults to false")`,
    '2026-12',
  ),

  /**
   * `PipelineTaskSpec.RetryPolicy` as the compiler writes it (`set_retry(num_retries=3)`): durations are
   * proto3 JSON Duration strings; backoffMaxDuration is capped at one hour by the backend.
   */
  retryDefaults: { backoffDuration: '0s', backoffFactor: 2, backoffMaxDuration: '3600s' },
  retryMaxBackoffSeconds: 3600,
  retrySource: source(
    `${PROTO} (RetryPolicy: "Max allowed is 1 hour"); sdk/python/test_data/pipelines/pipeline_with_retry.yaml`,
    '2026-12',
  ),

  /** Key names the compiler gives components and executors for a task `t`. */
  componentPrefix: 'comp-',
  executorPrefix: 'exec-',
  namingSource: source(
    'kubeflow/pipelines sdk/python/test_data/pipelines/*.yaml (comp-<task>, exec-<task>, taskInfo.name = <task>)',
    '2026-12',
  ),
} as const;

/**
 * String placeholders a container's command, args and env take (`ExecutorInput` in the proto), and the
 * pipeline-level ones the SDK passes to a task as a `runtimeValue.constant` (dsl.PIPELINE_*_PLACEHOLDER).
 * Placeholders may sit inside a longer string (`--x={{$.inputs.parameters['x']}}`): the backend
 * substitutes them in place.
 */
export const KFP_PLACEHOLDERS = {
  inputParameter: (name: string): string => `{{$.inputs.parameters['${name}']}}`,
  outputParameterFile: (name: string): string => `{{$.outputs.parameters['${name}'].output_file}}`,
  /** dsl.PIPELINE_JOB_ID_PLACEHOLDER: "In Kubeflow Pipelines, this maps to the pipeline run UUID." */
  pipelineJobUuid: '{{$.pipeline_job_uuid}}',
  pipelineJobName: '{{$.pipeline_job_name}}',
  pipelineJobResourceName: '{{$.pipeline_job_resource_name}}',
  pipelineTaskName: '{{$.pipeline_task_name}}',
  pipelineTaskUuid: '{{$.pipeline_task_uuid}}',
  /** Bodies (between `{{$` and `}}`) of the pipeline-level placeholders above. */
  pipelineLevel: [
    '.pipeline_job_name',
    '.pipeline_job_resource_name',
    '.pipeline_job_uuid',
    '.pipeline_task_name',
    '.pipeline_task_uuid',
  ] as readonly string[],
  source: source(
    `${PROTO} (message ExecutorInput comment); kubeflow/pipelines sdk/python/kfp/dsl/__init__.py (PIPELINE_JOB_ID_PLACEHOLDER = '{{$.pipeline_job_uuid}}'); sdk/python/test_data/pipelines/pipeline_with_placeholders.yaml; backend tests resolving "--epochs={{$.inputs.parameters['epochs']}}" to "--epochs=10"`,
    '2026-12',
  ),
} as const;

/**
 * A container step on Vertex AI Pipelines runs as a CustomJob on e2-standard-4 unless the task sets
 * limits; Vertex AI picks the closest supported machine type to the CPU and memory limits. The spec
 * carries them in both forms kfp 2.13 writes: `cpuLimit`/`memoryLimit` (numbers, GB; deprecated in the
 * proto) and `resourceCpuLimit`/`resourceMemoryLimit` (strings).
 */
export const VERTEX_STEP_RESOURCES = {
  defaultMachineType: 'e2-standard-4',
  /** An integer count of CPUs, or millicores (`500m`); at most 96. */
  cpuLimitPattern: '^([1-9][0-9]*|[1-9][0-9]*m)$',
  maxCpus: 96,
  /** A number followed by K, M or G (decimal units); at most 624G. */
  memoryLimitPattern: '^[0-9]+(\\.[0-9]+)?[KMG]$',
  maxMemoryGb: 624,
  source: source(
    `https://cloud.google.com/vertex-ai/docs/pipelines/machine-types ("closest match from the supported machine types"; CPU_LIMIT, MEMORY_LIMIT); ${PROTO} (PipelineContainerSpec.ResourceSpec); sdk/python/test_data/pipelines/pipeline_with_resource_spec.yaml`,
    '2026-12',
  ),
} as const;

/**
 * The image the pipeline's container steps run in: Google's Cloud CLI image, Debian-based `-slim`
 * flavour, which installs Debian's python3 (python3-dev, python3-pip) next to gcloud. Pinned by version.
 *
 * Two limits of this choice, both in Google's own words:
 * - Retention: "Package versions older than 1 year are automatically cleaned up" (cloud-sdk-docker
 *   README). 588.0.0 was released 2026-10-06, so the tag is expected to disappear around 2027-10-06;
 *   `retainedUntil` records that and a newer pin must replace it before then.
 * - System Python is being removed from the Debian-based images (cloud-sdk-docker discussion #661:
 *   python3, python3-dev, python3-pip from :latest, :slim, :debian_component_based), after 591.0.0
 *   shipped the bundled Python on arm64 too. The exact first version without python3 was not readable
 *   here: do not move the pin past 590.0.0 without checking that `python3` is still on PATH.
 */
export const STEP_IMAGE = {
  repository: 'gcr.io/google.com/cloudsdktool/google-cloud-cli',
  version: '588.0.0',
  image: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:588.0.0-slim',
  releasedOn: '2026-10-06',
  /** Release date plus the registry's one-year retention: an estimate, not a date Google publishes. */
  retainedUntil: '2027-10-06',
  /**
   * Debian's python3, on PATH (/usr/bin/python3). The Dockerfile read builds on debian:bookworm-slim
   * (Python 3.11, the contract's version); which Debian release 588.0.0 was built on was not verified.
   */
  python: 'python3',
  source: source(
    'https://docs.cloud.google.com/sdk/docs/release-notes ("588.0.0 (2026-10-06)"); https://cloud.google.com/sdk/docs/downloads-docker (":VERSION-slim: smaller image with no components pre-installed, Debian-based"); GoogleCloudPlatform/cloud-sdk-docker debian_slim/Dockerfile (python3-dev python3-pip), README (1-year retention), discussion #661 (system Python removal)',
    '2026-12',
  ),
} as const;
