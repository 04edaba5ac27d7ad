import { StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';
import { DATA_LAKE_PREFIXES } from '../contracts';

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
  /**
   * Prefixes whose noncurrent versions go after `shortNoncurrentDays` instead of
   * `noncurrentVersionDays` (rewritten often: checkpoints). The temporary prefixes always count too.
   */
  readonly shortNoncurrentPrefixes: readonly string[];
  readonly shortNoncurrentDays: number;
}

/** Defaults of the data lake's retention, by behaviour (see DataLakeBucketProps). */
export const RETENTION_DEFAULTS = {
  noncurrentVersionDays: 30,
  maxNoncurrentVersions: 3,
  incompleteUploadDays: 7,
  temporaryPrefixes: ['tmp/'] as readonly string[],
  temporaryObjectDays: 7,
  shortNoncurrentPrefixes: [`${DATA_LAKE_PREFIXES.checkpoints}/`] as readonly string[],
  shortNoncurrentDays: 1,
  accessLogRetentionDays: 365,
  keyRotationDays: 90,
} as const;

const DAY_SECONDS = 86_400;

export function daysToSeconds(days: number): number {
  return days * DAY_SECONDS;
}

/**
 * Lifecycle rules that keep cost bounded: noncurrent versions go after `noncurrentVersionDays` or
 * once `maxNoncurrentVersions` newer ones exist, and under the temporary and short-noncurrent
 * prefixes after `shortNoncurrentDays`; abandoned multipart uploads are aborted; objects under the
 * temporary prefixes are deleted after `temporaryObjectDays`.
 *
 * In a versioned bucket a Delete on a live object only makes it noncurrent, so without the prefix
 * rule a `tmp/` object lived temporaryObjectDays + noncurrentVersionDays + soft delete (7 + 30 + 7 =
 * about 44 days by default) and an overwritten checkpoint 30 + 7. With it: 7 + 1 + 7 (about 15 days)
 * and 1 + 7, each lifecycle step taking up to a day more.
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
    const short = [...new Set([...r.temporaryPrefixes, ...r.shortNoncurrentPrefixes])];
    if (short.length) {
      rules.push({
        action: { type: 'Delete' },
        condition: {
          withState: 'ARCHIVED',
          daysSinceNoncurrentTime: r.shortNoncurrentDays,
          matchesPrefix: short,
          sendAgeIfZero: false,
        },
      });
    }
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
