import { Token } from 'cdktf';
import { StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';
import { ANYWHERE_CACHE, SOFT_DELETE, STORAGE_CMEK } from '../../src/catalog';
import { DATA_LAKE_PREFIXES } from '../contracts';
import { Refusals } from '../../src/core/refusals';

/**
 * The data lake's retention rules as plain data: what the bucket keeps, for how long, and which
 * literal options are refused. No constructs here (see data-lake-bucket.ts).
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
      { action: { type: 'Delete' }, condition: { withState: 'ARCHIVED', daysSinceNoncurrentTime: r.noncurrentVersionDays, sendAgeIfZero: false } },
      { action: { type: 'Delete' }, condition: { withState: 'ARCHIVED', numNewerVersions: r.maxNoncurrentVersions, sendAgeIfZero: false } },
    );
  }
  rules.push({ action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: r.incompleteUploadDays } });
  if (r.temporaryPrefixes.length) {
    rules.push({ action: { type: 'Delete' }, condition: { age: r.temporaryObjectDays, matchesPrefix: [...r.temporaryPrefixes] } });
  }
  return rules;
}

export interface DataLakeOptionsToCheck {
  readonly softDeleteDays: number;
  readonly retention: RetentionSettings;
  readonly kmsKeyName?: string;
  readonly createKmsKey: boolean;
  readonly anywhereCache: boolean;
  readonly anywhereCacheTtlHours: number;
  readonly zone?: string;
  readonly accessLogRetentionDays: number;
  readonly keyRotationDays: number;
}

/** Refuses literal options Google or this project's safety rules do not allow. */
export function checkDataLakeOptions(path: string, o: DataLakeOptionsToCheck): void {
  const r = new Refusals(path);
  r.wholeNumber('softDeleteDays', o.softDeleteDays, SOFT_DELETE.minDays, SOFT_DELETE.maxDays, 'days');
  r.wholeNumber('noncurrentVersionDays', o.retention.noncurrentVersionDays, 1, 3650, 'days');
  r.wholeNumber('maxNoncurrentVersions', o.retention.maxNoncurrentVersions, 1, 100, 'versions');
  r.wholeNumber('incompleteUploadDays', o.retention.incompleteUploadDays, 1, 365, 'days');
  r.wholeNumber('temporaryObjectDays', o.retention.temporaryObjectDays, 1, 3650, 'days');
  r.wholeNumber('accessLogRetentionDays', o.accessLogRetentionDays, 1, 3650, 'days');
  r.wholeNumber('keyRotationDays', o.keyRotationDays, 1, 36500, 'days');
  const lake = Object.values(DATA_LAKE_PREFIXES) as string[];
  for (const prefix of o.retention.temporaryPrefixes) {
    const top = prefix.split('/')[0];
    r.check(/^[a-z0-9][-_a-z0-9/]*\/$/.test(prefix), 'temporaryPrefixes', prefix, 'not a prefix ending in "/"', 'e.g. "tmp/"');
    r.check(!lake.includes(top), 'temporaryPrefixes', prefix, 'lies under a data lake prefix, whose objects would be deleted', `a prefix outside ${lake.map((p) => `${p}/`).join(', ')}`);
  }
  r.check(!(o.createKmsKey && o.kmsKeyName !== undefined), 'kmsKeyName', o.kmsKeyName, 'given together with createKmsKey=true', 'either a key name or createKmsKey, not both');
  if (o.kmsKeyName !== undefined && !Token.isUnresolved(o.kmsKeyName)) {
    r.check(new RegExp(STORAGE_CMEK.keyNamePattern).test(o.kmsKeyName), 'kmsKeyName', o.kmsKeyName, 'not a Cloud KMS key name', 'projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>');
  }
  if (o.anywhereCache) {
    r.check(o.zone !== undefined, 'zone', o.zone, 'missing, and anywhereCache=true needs the zone to cache in', "the TPU's zone (stack.inputs.zone)");
    r.wholeNumber('anywhereCacheTtlHours', o.anywhereCacheTtlHours, ANYWHERE_CACHE.minTtlHours, ANYWHERE_CACHE.maxTtlHours, 'hours');
  }
  r.throwIfAny();
}
