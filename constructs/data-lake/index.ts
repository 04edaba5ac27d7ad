/** The data lake concern: the bucket, its retention, encryption, cache, logs and grants. */
export { DataLakeBucket, logBucketName } from './data-lake';
export { BucketEncryptionKey } from './encryption-key';
export type { BucketEncryptionKeyProps } from './encryption-key';
export type { DataLakeBucketProps } from './props';
export { daysToSeconds, lifecycleRules, RETENTION_DEFAULTS } from './retention';
export type { RetentionSettings } from './retention';
export { checkDataLakeOptions } from './validate';
