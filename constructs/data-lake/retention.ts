import { StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';

/**
 * The data lake's retention rules as plain data: what the bucket keeps, for how long, and which
 * literal options are refused (validate.ts). No constructs here (see data-lake.ts).
 */
export interface RetentionSettings {
  /** Object Versioning on (off only with hierarchical namespace). */
  readonly versioning: boolean;
  readonly noncurrentVersionDays: number;
  readonly maxNoncurrentVersions: number;
  readonly incompleteUploadDays: number;
  readonly temporaryPrefixes: readonly string[];
  readonly temporaryObjectDays: number;
}

/** Defaults of the data lake's retention, by behaviour (see DataLakeBucketProps). */
export const RETENTION_DEFAULTS = {
  noncurrentVersionDays: 30,
  maxNoncurrentVersions: 3,
  incompleteUploadDays: 7,
  temporaryPrefixes: ['tmp/'] as readonly string[],
  temporaryObjectDays: 7,
  accessLogRetentionDays: 365,
  keyRotationDays: 90,
} as const;

const DAY_SECONDS = 86_400;

export function daysToSeconds(days: number): number {
  return days * DAY_SECONDS;
}

/**
 * Lifecycle rules that keep cost bounded: noncurrent versions go after `noncurrentVersionDays` or
 * once `maxNoncurrentVersions` newer ones exist; abandoned multipart uploads are aborted; objects
 * under the temporary prefixes are deleted after `temporaryObjectDays`.
 */
export function lifecycleRules(r: RetentionSettings): StorageBucketLifecycleRule[] {
  const rules: StorageBucketLifecycleRule[] = [];
  if (r.versioning) {
    rules.push(
      {
        action: { type: 'Delete' },
        condition: { withState: 'ARCHIVED', daysSinceNoncurrentTime: r.noncurrentVersionDays, sendAgeIfZero: false },
      },
      {
        action: { type: 'Delete' },
        condition: { withState: 'ARCHIVED', numNewerVersions: r.maxNoncurrentVersions, sendAgeIfZero: false },
      },
    );
  }
  rules.push({ action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: r.incompleteUploadDays } });
  if (r.temporaryPrefixes.length) {
    rules.push({
      action: { type: 'Delete' },
      condition: { age: r.temporaryObjectDays, matchesPrefix: [...r.temporaryPrefixes] },
    });
  }
  return rules;
}
