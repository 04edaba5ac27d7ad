import { Source, source } from './source';

/** One Serverless for Apache Spark (Dataproc Serverless) runtime version. */
export interface DataprocRuntime {
  /** `runtime_config.version`, `--version`: major.minor only (sub-minor pinning is not supported). */
  readonly version: string;
  /** Long-time support: 30 months of support instead of 12. */
  readonly lts: boolean;
  readonly releasedOn: string;
  /** Last day of support (YYYY-MM-DD). The construct refuses a runtime after this date. */
  readonly supportedUntil: string;
  /** Last day the runtime can still be selected at all (two years after end of support). */
  readonly availableUntil: string;
  /**
   * The workload runs with the submitter's end-user credentials unless told otherwise (3.0), not as
   * the batch's service account.
   */
  readonly endUserCredentialsByDefault: boolean;
  /** APIs the runtime needs enabled besides Dataproc's own. */
  readonly requiredServices: readonly string[];
  /** Whether the runtime uses `execution_config.staging_bucket` (3.0 uses no staging bucket). */
  readonly usesStagingBucket: boolean;
}

const RUNTIMES_PAGE = source(
  'https://docs.cloud.google.com/dataproc-serverless/docs/concepts/versions/spark-runtime-versions (page updated 2026-01-09)',
);

/** Serverless for Apache Spark batches: the facts the batch template is checked against. */
export const DATAPROC_SERVERLESS = {
  runtimes: [
    {
      version: '1.2',
      lts: true,
      releasedOn: '2024-03-27',
      supportedUntil: '2026-09-30',
      availableUntil: '2028-09-30',
      endUserCredentialsByDefault: false,
      requiredServices: [],
      usesStagingBucket: true,
    },
    {
      version: '2.2',
      lts: true,
      releasedOn: '2024-03-27',
      supportedUntil: '2026-09-30',
      availableUntil: '2028-09-30',
      endUserCredentialsByDefault: false,
      requiredServices: [],
      usesStagingBucket: true,
    },
    {
      version: '2.3',
      lts: true,
      releasedOn: '2025-05-28',
      supportedUntil: '2027-11-26',
      availableUntil: '2029-11-26',
      endUserCredentialsByDefault: false,
      requiredServices: [],
      usesStagingBucket: true,
    },
    {
      version: '3.0',
      lts: false,
      releasedOn: '2025-12-04',
      supportedUntil: '2027-01-31',
      availableUntil: '2029-01-31',
      // Dec 2026 correction (release notes): not "requires a service account" as first recorded.
      endUserCredentialsByDefault: true,
      requiredServices: ['dataprocrm.googleapis.com'],
      usesStagingBucket: false,
    },
  ] as readonly DataprocRuntime[],
  runtimesSource: RUNTIMES_PAGE,
  /** Where the 3.0 behaviour (end-user credentials, dataprocrm.googleapis.com, no staging bucket) is stated. */
  runtime30Source: source(
    'https://cloud.google.com/dataproc-serverless/docs/release-notes (Serverless for Apache Spark 3.0)',
    '2026-12',
  ),
  /** This project's default: the LTS runtime supported longest. */
  defaultRuntimeVersion: '2.3',

  /** `environment_config.execution_config.ttl`: 10 minutes to 14 days; Google's default is 4 hours. */
  ttl: { minSeconds: 600, maxSeconds: 14 * 24 * 3600, defaultSeconds: 4 * 3600 },
  ttlSource: source(
    'magic-modules mmv1/products/dataproc/Batch.yaml; @cdktf/provider-google 16.12.1 dataproc-batch ttl',
  ),

  /** Batch ids (`batch_id`, `?batchId=`, `--batch`): 4-63 characters of a-z, 0-9 and hyphens. */
  batchIdPattern: '^[a-z0-9-]{4,63}$',
  batchIdSource: source(
    'https://docs.cloud.google.com/dataproc-serverless/docs/reference/rest/v1/projects.locations.batches/create',
  ),
  /** Leaving `batch_id` unset on google_dataproc_batch leaves a bad state: always set it. */
  batchIdIssue: source('https://github.com/hashicorp/terraform-provider-google/issues/23668'),

  /** REST endpoint that creates a batch; the body is a Batch resource, `batchId` a query parameter. */
  batchesEndpoint: (project: string, region: string): string =>
    `https://dataproc.googleapis.com/v1/projects/${project}/locations/${region}/batches`,
  oauthScope: 'https://www.googleapis.com/auth/cloud-platform',
  apiSource: source(
    'https://docs.cloud.google.com/dataproc-serverless/docs/reference/rest/v1/projects.locations.batches/create',
  ),

  /** The workload service account's project role. */
  workerRole: 'roles/dataproc.worker',
  /** The only permission `projects.locations.batches.create` needs (gcloud also polls with get). */
  createPermissions: ['dataproc.batches.create'] as readonly string[],
  /** The narrowest predefined role holding dataproc.batches.create (53 permissions, sessions included). */
  narrowestPredefinedCreateRole: 'roles/dataproc.serverlessEditor',
  iamSource: source(
    'https://cloud.google.com/dataproc-serverless/docs/concepts/iam; https://cloud.google.com/iam/docs/roles-permissions/dataproc',
  ),

  /** Standard tier price and billing floor. */
  pricing: { usdPerDcuHour: 0.06, minimumDcusPerWorkload: 12, billing: 'per second' },
  pricingSource: source('https://cloud.google.com/dataproc-serverless/pricing'),
} as const;

/** Cloud Scheduler facts for HTTP targets. */
export const CLOUD_SCHEDULER = {
  /** `http_target.body` is base64-encoded in Terraform; Cloud Scheduler sends the decoded bytes. */
  bodyEncoding: 'base64',
  /** Without an explicit Content-Type, a body is sent as application/octet-stream. */
  jsonHeaders: { 'Content-Type': 'application/json' } as Readonly<Record<string, string>>,
  source: source(
    'https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs; @cdktf/provider-google 16.12.1 cloud-scheduler-job',
  ),
} as const;

export function findDataprocRuntime(version: string): DataprocRuntime | undefined {
  return DATAPROC_SERVERLESS.runtimes.find((r) => r.version === version);
}

/**
 * Whether a batch defined as this project defines it (running as its own service account, with a
 * staging bucket) behaves as written on `runtime`. 3.0 does not: it runs with end-user credentials by
 * default, needs dataprocrm.googleapis.com, and ignores the staging bucket.
 */
export function runsAsDefined(runtime: DataprocRuntime): boolean {
  return !runtime.endUserCredentialsByDefault && runtime.usesStagingBucket && runtime.requiredServices.length === 0;
}

/** Runtime versions still supported on `day` (YYYY-MM-DD). */
export function supportedDataprocRuntimes(day: string): string[] {
  return DATAPROC_SERVERLESS.runtimes.filter((r) => r.supportedUntil >= day).map((r) => r.version);
}

export type { Source };
