import { Token } from 'cdktf';
import { ANYWHERE_CACHE, SOFT_DELETE, STORAGE_CMEK } from '../../src/catalog';
import { Problems } from '../../src/core/validation';
import { DATA_LAKE_PREFIXES } from '../contracts';
import { RetentionSettings } from './retention';

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
  const r = new Problems(path);
  r.wholeNumber('softDeleteDays', o.softDeleteDays, SOFT_DELETE.minDays, SOFT_DELETE.maxDays, 'days');
  r.wholeNumber('noncurrentVersionDays', o.retention.noncurrentVersionDays, 1, 3650, 'days');
  r.wholeNumber('maxNoncurrentVersions', o.retention.maxNoncurrentVersions, 1, 100, 'versions');
  r.wholeNumber('incompleteUploadDays', o.retention.incompleteUploadDays, 1, 365, 'days');
  r.wholeNumber('temporaryObjectDays', o.retention.temporaryObjectDays, 1, 3650, 'days');
  r.wholeNumber('shortNoncurrentDays', o.retention.shortNoncurrentDays, 1, 3650, 'days');
  for (const prefix of o.retention.shortNoncurrentPrefixes) {
    r.check(
      /^[a-z0-9][-_a-z0-9/]*\/$/.test(prefix),
      'shortNoncurrentPrefixes',
      prefix,
      'not a prefix ending in "/"',
      'e.g. "checkpoints/"',
    );
  }
  r.wholeNumber('accessLogRetentionDays', o.accessLogRetentionDays, 1, 3650, 'days');
  r.wholeNumber('keyRotationDays', o.keyRotationDays, 1, 36500, 'days');
  const lake = Object.values(DATA_LAKE_PREFIXES) as string[];
  for (const prefix of o.retention.temporaryPrefixes) {
    const top = prefix.split('/')[0];
    r.check(
      /^[a-z0-9][-_a-z0-9/]*\/$/.test(prefix),
      'temporaryPrefixes',
      prefix,
      'not a prefix ending in "/"',
      'e.g. "tmp/"',
    );
    r.check(
      !lake.includes(top),
      'temporaryPrefixes',
      prefix,
      'lies under a data lake prefix, whose objects would be deleted',
      `a prefix outside ${lake.map((p) => `${p}/`).join(', ')}`,
    );
  }
  r.check(
    !(o.createKmsKey && o.kmsKeyName !== undefined),
    'kmsKeyName',
    o.kmsKeyName,
    'given together with createKmsKey=true',
    'either a key name or createKmsKey, not both',
  );
  if (o.kmsKeyName !== undefined && !Token.isUnresolved(o.kmsKeyName)) {
    r.check(
      new RegExp(STORAGE_CMEK.keyNamePattern).test(o.kmsKeyName),
      'kmsKeyName',
      o.kmsKeyName,
      'not a Cloud KMS key name',
      'projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>',
    );
  }
  if (o.anywhereCache) {
    r.check(
      o.zone !== undefined,
      'zone',
      o.zone,
      'missing, and anywhereCache=true needs the zone to cache in',
      "the TPU's zone (stack.inputs.zone)",
    );
    r.wholeNumber(
      'anywhereCacheTtlHours',
      o.anywhereCacheTtlHours,
      ANYWHERE_CACHE.minTtlHours,
      ANYWHERE_CACHE.maxTtlHours,
      'hours',
    );
  }
  r.throwIfAny();
}
