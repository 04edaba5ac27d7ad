export interface DataLakeBucketProps {
  readonly projectId: string;
  /** Globally unique name (literal checked against Google's rule): `stack.inputs.bucketName`. */
  readonly bucketName: string;
  /** The TPU's region (`stack.inputs.region`): training reads at line rate only next to the TPU. */
  readonly location: string;
  /** Derives the key ring name (`<prefix>-data-lake`). */
  readonly namePrefix: string;
  /**
   * true (prod): Terraform refuses to destroy the bucket, the log bucket and a created key
   * (`prevent_destroy`), and no `force_destroy`. false (dev): `force_destroy`, so `cdktf destroy`
   * removes the buckets with every object, version and Anywhere Cache in them.
   */
  readonly deletionProtection: boolean;
  /**
   * Hierarchical namespace (folders; Google's advice for Cloud Storage FUSE). Creation-time only:
   * changing it replaces the bucket. Turns versioning off (not allowed with it).
   * @default false
   */
  readonly hierarchicalNamespace?: boolean;
  /**
   * Soft delete retention, 7-90 days.
   * @default 7
   */
  readonly softDeleteDays?: number;
  /**
   * Noncurrent versions are deleted after this many days (under the short-noncurrent prefixes:
   * `shortNoncurrentDays`).
   * @default 30
   */
  readonly noncurrentVersionDays?: number;
  /**
   * ...or as soon as this many newer versions exist.
   * @default 3
   */
  readonly maxNoncurrentVersions?: number;
  /**
   * Incomplete multipart uploads are aborted after this many days.
   * @default 7
   */
  readonly incompleteUploadDays?: number;
  /**
   * Scratch prefixes whose objects are deleted after `temporaryObjectDays`; never a data lake prefix.
   * With versioning that Delete only makes them noncurrent; their noncurrent versions go
   * `shortNoncurrentDays` later and soft delete keeps them `softDeleteDays` more: about 7 + 1 + 7 = 15
   * days by default, each lifecycle step up to a day late.
   * @default ["tmp/"]
   */
  readonly temporaryPrefixes?: readonly string[];
  /**
   * Days until a live object under a temporary prefix is deleted (made noncurrent with versioning).
   * @default 7
   */
  readonly temporaryObjectDays?: number;
  /**
   * Prefixes rewritten often whose noncurrent versions go after `shortNoncurrentDays` (the temporary
   * prefixes always do): an overwritten checkpoint is kept about 1 + 7 (soft delete) days, not 30 + 7.
   * @default ["checkpoints/"]
   */
  readonly shortNoncurrentPrefixes?: readonly string[];
  /**
   * Days a noncurrent version under a temporary or short-noncurrent prefix is kept.
   * @default 1
   */
  readonly shortNoncurrentDays?: number;
  /**
   * Encrypt with this Cloud KMS key (in the bucket's region).
   * @default Google-managed encryption
   */
  readonly kmsKeyName?: string;
  /**
   * Create a key ring and key (rotated every `keyRotationDays`, default 90) and encrypt with it.
   * @default false
   */
  readonly createKmsKey?: boolean;
  readonly keyRotationDays?: number;
  /**
   * An Anywhere Cache (zonal SSD read cache) in `zone`.
   * @default false
   */
  readonly anywhereCache?: boolean;
  /**
   * Cache entry TTL, 1-168 hours.
   * @default 24
   */
  readonly anywhereCacheTtlHours?: number;
  /** The TPU's zone (`stack.inputs.zone`); required with anywhereCache. */
  readonly zone?: string;
  /**
   * Usage logs into a separate bucket `<name>-logs` with the same baseline.
   * @default false
   */
  readonly accessLogs?: boolean;
  /**
   * Log objects are deleted after this many days.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Cloud Storage data-access audit logs (ADMIN_READ, DATA_READ, DATA_WRITE) for the whole project.
   * @default on where deletionProtection is on. Billed as log volume: every object read is logged
   */
  readonly dataAccessAuditLogs?: boolean;
}
