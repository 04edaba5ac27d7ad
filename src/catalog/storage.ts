import { source } from './source';

/**
 * Cloud Storage facts the data lake depends on: the narrowest predefined roles for bucket access,
 * the limits Google puts on soft delete and Anywhere Cache, and who writes usage logs.
 */

/** Bucket-level roles, granted as additive `google_storage_bucket_iam_member`s. */
export const BUCKET_ROLES = {
  /**
   * Read and list objects (and folders, with hierarchical namespace). Enough for Cloud Storage FUSE
   * read-only mounts, which do not need `storage.buckets.get`.
   */
  read: 'roles/storage.objectViewer',
  /**
   * Create, read, overwrite, delete and list objects (and folders, multipart uploads), without the
   * object-ACL and IAM permissions of `roles/storage.objectAdmin`. Overwriting a checkpoint needs
   * delete, which `roles/storage.objectCreator` lacks.
   */
  readWrite: 'roles/storage.objectUser',
  source: source(
    'https://cloud.google.com/storage/docs/access-control/iam-roles; gcsfuse PR #986 (mount with objectViewer only)',
  ),
} as const;

/**
 * Roles that can create, overwrite or delete objects when granted on a bucket (the legacy roles
 * included): a grant of one of these on the bucket that holds job code lets its member rewrite it.
 */
export const BUCKET_WRITE_ROLES: readonly string[] = [
  'roles/storage.objectUser',
  'roles/storage.objectCreator',
  'roles/storage.objectAdmin',
  'roles/storage.admin',
  'roles/storage.legacyBucketWriter',
  'roles/storage.legacyBucketOwner',
  'roles/storage.legacyObjectOwner',
];

/**
 * Roles that, granted on a project (or folder, organization), carry storage.objects.create, delete or
 * update on every bucket in it. roles/dataproc.worker is one: a Dataproc workload's identity can then
 * rewrite any object of the project, the Terraform state and job code included, unless the grant is
 * conditioned away from those buckets.
 */
export const PROJECT_STORAGE_WRITE_ROLES: readonly string[] = [
  'roles/dataproc.worker',
  'roles/composer.worker',
  'roles/storage.admin',
  'roles/storage.objectAdmin',
  'roles/storage.objectUser',
  'roles/storage.objectCreator',
  'roles/owner',
  'roles/editor',
];
/** The permissions that let a role (a custom one too) create, overwrite or delete objects. */
export const OBJECT_WRITE_PERMISSIONS: readonly string[] = [
  'storage.objects.create',
  'storage.objects.update',
  'storage.objects.delete',
];
export const STORAGE_WRITE_ROLES_SOURCE = source(
  'https://cloud.google.com/iam/docs/roles-permissions/dataproc (roles/dataproc.worker: storage.objects.create/delete/get/list/update); https://cloud.google.com/iam/docs/roles-permissions/storage; https://cloud.google.com/iam/docs/roles-permissions/composer',
  '2026-12',
);

/**
 * IAM conditions over Cloud Storage resource names (`projects/_/buckets/<b>/objects/<name>`), for
 * bucket- and project-level grants (uniform bucket-level access required). `resource.type !=` keeps
 * a role's permissions on everything else (other services, bucket-level calls) as they are.
 */
export const STORAGE_CONDITIONS = {
  objectType: 'storage.googleapis.com/Object',
  bucketType: 'storage.googleapis.com/Bucket',
  source: source(
    'https://cloud.google.com/iam/docs/conditions-resource-attributes (resource.type, resource.name for Cloud Storage); https://cloud.google.com/storage/docs/access-control/iam#conditions',
    '2026-12',
  ),
} as const;

/** `projects/_/buckets/<bucket>/objects/<prefix>/`: the resource-name prefix of a bucket prefix's objects. */
export function objectNamePrefix(bucketName: string, prefix: string): string {
  return `projects/_/buckets/${bucketName}/objects/${prefix.replace(/\/+$/, '')}/`;
}

/**
 * A condition that limits a grant to the objects under `prefixes` of one bucket, nothing else: for
 * write grants (reads and listing come from a separate bucket-wide read grant).
 */
export function objectPrefixesCondition(bucketName: string, prefixes: readonly string[]): string {
  return prefixes.map((p) => `resource.name.startsWith("${objectNamePrefix(bucketName, p)}")`).join(' || ');
}

/**
 * A condition that keeps a (project-level) grant off the objects of `buckets`, and leaves it as it is
 * everywhere else: `resource.type != Object || (!startsWith(b1) && ...)`.
 */
export function outsideBucketsCondition(bucketNames: readonly string[]): string {
  const outside = bucketNames.map((b) => `!resource.name.startsWith("projects/_/buckets/${b}/")`).join(' && ');
  return `resource.type != "${STORAGE_CONDITIONS.objectType}" || (${outside})`;
}

/** Usage (access) logs are written by this Google group, which needs Object Creator on the log bucket. */
export const USAGE_LOG_WRITER = {
  member: 'group:cloud-storage-analytics@google.com',
  role: 'roles/storage.objectCreator',
  source: source('https://cloud.google.com/storage/docs/access-logs (log bucket in the same location)'),
} as const;

/** Soft delete retention: 0 (off) or 7 to 90 days; Google's default is 7 days. This project never turns it off. */
export const SOFT_DELETE = {
  minDays: 7,
  maxDays: 90,
  defaultDays: 7,
  source: source('https://cloud.google.com/storage/docs/soft-delete'),
} as const;

/**
 * Hierarchical namespace: set at creation only (changing it replaces the bucket), needs uniform
 * bucket-level access, and excludes Object Versioning; soft delete still applies.
 */
export const HIERARCHICAL_NAMESPACE = {
  requiresUniformAccess: true,
  allowsVersioning: false,
  source: source(
    'https://cloud.google.com/storage/docs/hns-overview; provider docs storage_bucket#hierarchical_namespace (ForceNew)',
  ),
} as const;

/**
 * Anywhere Cache: an SSD read cache in one zone of the bucket's location, one per zone. TTL 1 hour to
 * 7 days (default 24 h); deleting it only disables it, and the bucket cannot be deleted until it is
 * gone (force_destroy waits, 80 min or more). `admit-on-second-miss` is deprecated.
 */
export const ANYWHERE_CACHE = {
  minTtlHours: 1,
  maxTtlHours: 168,
  defaultTtlHours: 24,
  admissionPolicy: 'admit-on-first-miss',
  source: source(
    'https://cloud.google.com/storage/docs/anywhere-cache; magic-modules mmv1/products/storage/AnywhereCache.yaml',
  ),
  /**
   * Deleting a cache only disables it; it lingers at least an hour and the bucket cannot be deleted
   * meanwhile. Google's provider example puts a `time_sleep` with this `destroy_duration` between
   * bucket and cache, so a destroy waits before it deletes the bucket.
   */
  destroyWait: '5000s',
  destroyWaitSource: source(
    'magic-modules mmv1/templates/terraform/examples/storage_anywhere_cache_basic.tf.tmpl (time_sleep "destroy_wait_5000_seconds", destroy_duration = "5000s")',
    '2026-12',
  ),
} as const;

/**
 * Cloud Storage data-access audit logs. ADMIN_WRITE (admin activity) is always on; these three are
 * off by default and billed as log ingestion. `google_project_iam_audit_config` is authoritative for
 * one service in the project's IAM policy: the effective configuration is the union with
 * `allServices` and with folder/organization audit configs.
 */
export const STORAGE_AUDIT_LOGS = {
  service: 'storage.googleapis.com',
  logTypes: ['ADMIN_READ', 'DATA_READ', 'DATA_WRITE'],
  /** The log type whose `exempted_members` leave principals' reads out (each `audit_log_config` may list some). */
  readLogType: 'DATA_READ',
  exemptionSource: source(
    'https://cloud.google.com/logging/docs/audit/configure-data-access#exempt-principals; provider 6.50 google_project_iam_audit_config (audit_log_config.exempted_members)',
    '2026-12',
  ),
  source: source(
    'https://cloud.google.com/storage/docs/audit-logging; provider docs google_project_iam (audit config: authoritative for a given service)',
  ),
} as const;

/** CMEK: the Cloud Storage service agent encrypts with the key; the key must be in the bucket's location. */
export const STORAGE_CMEK = {
  agentRole: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  keyNamePattern: '^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$',
  source: source('https://cloud.google.com/storage/docs/encryption/customer-managed-keys'),
} as const;
