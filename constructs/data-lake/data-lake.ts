import { Fn, Lazy, Op, TerraformResourceLifecycle, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { StorageBucket, StorageBucketConfig } from '@cdktf/provider-google/lib/storage-bucket';
import {
  StorageBucketIamMember,
  StorageBucketIamMemberCondition,
} from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { StorageAnywhereCache } from '@cdktf/provider-google/lib/storage-anywhere-cache';
import { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import {
  ANYWHERE_CACHE,
  BUCKET_ROLES,
  objectPrefixesCondition,
  SOFT_DELETE,
  STORAGE_AUDIT_LOGS,
  USAGE_LOG_WRITER,
} from '../../src/catalog';
import { Problems } from '../../src/core/validation';
import { InputError } from '../../src/core/errors';
import { setComponent } from '../../src/core/labels';
import { assertName } from '../../src/core/naming';
import { BucketEncryptionKey } from './encryption-key';
import { DATA_LAKE_PREFIXES, DataLakePrefix, IDataLake, IServiceAccount } from '../contracts';
import { DataLakeBucketProps } from './props';
import { daysToSeconds, lifecycleRules, RETENTION_DEFAULTS, RetentionSettings } from './retention';
import { checkDataLakeOptions } from './validate';

/**
 * The environment's data lake: one regional bucket with uniform bucket-level access, public access
 * prevention enforced, Object Versioning (or, with hierarchical namespace, soft delete alone),
 * soft delete and lifecycle rules that bound cost. Access is granted only through `grantRead` (the
 * whole bucket) and `grantWrite` (named prefixes, never `scripts/`), as bucket-level, additive IAM
 * members.
 */
export class DataLakeBucket extends Construct implements IDataLake {
  readonly bucket: StorageBucket;
  readonly bucketName: string;
  /** `gs://<bucket>` */
  readonly url: string;
  readonly encryptionKey?: BucketEncryptionKey;
  readonly logBucket?: StorageBucket;
  readonly anywhereCache?: StorageAnywhereCache;
  /** With a destroyable bucket: the destroy-time pause between the cache and the bucket. */
  readonly anywhereCacheDestroyWait?: Sleep;
  readonly auditConfig?: ProjectIamAuditConfig;
  private readonly grants = new Map<string, StorageBucketIamMember>();
  private readonly readAuditExempt: string[] = [];
  /** The prefixes of each write grant, by grant key: a repeated call must ask for the same. */
  private readonly writePrefixes = new Map<string, readonly string[]>();

  constructor(scope: Construct, id: string, props: DataLakeBucketProps) {
    super(scope, id);
    setComponent(this, 'data-lake');
    assertName('bucketName', props.bucketName, `${this.node.path}.bucketName`);
    assertName('namePrefix', props.namePrefix, `${this.node.path}.namePrefix`);
    const hns = props.hierarchicalNamespace ?? false;
    const retention: RetentionSettings = {
      versioning: !hns,
      noncurrentVersionDays: props.noncurrentVersionDays ?? RETENTION_DEFAULTS.noncurrentVersionDays,
      maxNoncurrentVersions: props.maxNoncurrentVersions ?? RETENTION_DEFAULTS.maxNoncurrentVersions,
      incompleteUploadDays: props.incompleteUploadDays ?? RETENTION_DEFAULTS.incompleteUploadDays,
      temporaryPrefixes: props.temporaryPrefixes ?? RETENTION_DEFAULTS.temporaryPrefixes,
      temporaryObjectDays: props.temporaryObjectDays ?? RETENTION_DEFAULTS.temporaryObjectDays,
      shortNoncurrentPrefixes: props.shortNoncurrentPrefixes ?? RETENTION_DEFAULTS.shortNoncurrentPrefixes,
      shortNoncurrentDays: props.shortNoncurrentDays ?? RETENTION_DEFAULTS.shortNoncurrentDays,
    };
    const softDeleteDays = props.softDeleteDays ?? SOFT_DELETE.defaultDays;
    const createKmsKey = props.createKmsKey ?? false;
    const anywhereCacheTtlHours = props.anywhereCacheTtlHours ?? ANYWHERE_CACHE.defaultTtlHours;
    const accessLogRetentionDays = props.accessLogRetentionDays ?? RETENTION_DEFAULTS.accessLogRetentionDays;
    const keyRotationDays = props.keyRotationDays ?? RETENTION_DEFAULTS.keyRotationDays;
    checkDataLakeOptions(this.node.path, {
      softDeleteDays,
      retention,
      kmsKeyName: props.kmsKeyName,
      createKmsKey,
      anywhereCache: props.anywhereCache ?? false,
      anywhereCacheTtlHours,
      zone: props.zone,
      accessLogRetentionDays,
      keyRotationDays,
    });

    if (createKmsKey || props.kmsKeyName !== undefined) {
      this.encryptionKey = new BucketEncryptionKey(this, 'cmek', {
        projectId: props.projectId,
        location: props.location,
        kmsKeyName: props.kmsKeyName,
        keyRingName: `${props.namePrefix}-data-lake`,
        rotationDays: keyRotationDays,
        preventDestroy: props.deletionProtection,
      });
    }

    const baseline = (
      name: string,
      rules: StorageBucketConfig['lifecycleRule'],
      versioning: boolean,
    ): StorageBucketConfig => ({
      project: props.projectId,
      name,
      location: props.location,
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      versioning: versioning ? { enabled: true } : undefined,
      softDeletePolicy: { retentionDurationSeconds: daysToSeconds(softDeleteDays) },
      lifecycleRule: rules,
      encryption: this.encryptionKey ? { defaultKmsKeyName: this.encryptionKey.keyName } : undefined,
      forceDestroy: props.deletionProtection ? undefined : true,
      lifecycle: this.protection(props),
      dependsOn: this.encryptionKey ? [this.encryptionKey.ready] : undefined,
    });

    if (props.accessLogs) {
      const logRules = [
        ...lifecycleRules({ ...retention, versioning: true, temporaryPrefixes: [], shortNoncurrentPrefixes: [] }),
        { action: { type: 'Delete' }, condition: { age: accessLogRetentionDays } },
      ];
      this.logBucket = new StorageBucket(this, 'log-bucket', baseline(logBucketName(props.bucketName), logRules, true));
      new StorageBucketIamMember(this, 'usage-log-writer', {
        bucket: this.logBucket.name,
        role: USAGE_LOG_WRITER.role,
        member: USAGE_LOG_WRITER.member,
      });
    }

    this.bucket = new StorageBucket(this, 'bucket', {
      ...baseline(props.bucketName, lifecycleRules(retention), retention.versioning),
      hierarchicalNamespace: hns ? { enabled: true } : undefined,
      logging: this.logBucket ? { logBucket: this.logBucket.name } : undefined,
    });
    this.bucketName = this.bucket.name;
    this.url = this.bucket.url;

    if (props.anywhereCache) {
      // A destroyable bucket (force_destroy) goes after its cache, which lingers for an hour or more
      // after deletion: the destroy waits here between the two, as Google's example does.
      this.anywhereCacheDestroyWait = props.deletionProtection
        ? undefined
        : new Sleep(this, 'anywhere-cache-destroy-wait', {
            destroyDuration: ANYWHERE_CACHE.destroyWait,
            dependsOn: [this.bucket],
          });
      this.anywhereCache = new StorageAnywhereCache(this, 'anywhere-cache', {
        bucket: this.bucket.name,
        zone: props.zone as string,
        ttl: `${anywhereCacheTtlHours * 3600}s`,
        admissionPolicy: ANYWHERE_CACHE.admissionPolicy,
        lifecycle: {
          precondition: [
            {
              condition: Fn.startswith(props.zone as string, `${props.location}-`),
              errorMessage:
                'The Anywhere Cache zone must lie in the bucket\'s region (zone must start with "<region>-").',
            },
          ],
        },
        dependsOn: this.anywhereCacheDestroyWait ? [this.anywhereCacheDestroyWait] : undefined,
      });
    }

    if (props.dataAccessAuditLogs ?? props.deletionProtection) {
      // Authoritative for storage.googleapis.com only; see README "Data lake, network and identities".
      // Reads by the workload identities (training data, preprocessing input) are exempted from
      // DATA_READ: logged, they would be the bulk of the volume and say nothing new (exemptFromReadAuditLogs).
      this.auditConfig = new ProjectIamAuditConfig(this, 'storage-audit-logs', {
        project: props.projectId,
        service: STORAGE_AUDIT_LOGS.service,
        auditLogConfig: STORAGE_AUDIT_LOGS.logTypes.map((logType) =>
          logType === STORAGE_AUDIT_LOGS.readLogType
            ? {
                logType,
                exemptedMembers: Lazy.listValue(
                  { produce: () => (this.readAuditExempt.length ? [...this.readAuditExempt] : undefined) },
                  { omitEmpty: true },
                ),
              }
            : { logType },
        ),
      });
    }
  }

  /**
   * Leaves `accounts`' object reads out of the Data Access audit logs (DATA_READ `exempted_members`):
   * the workload identities read the data lake all day, and their reads are known. Their writes are
   * still logged (DATA_WRITE). No effect while data-access audit logs are off.
   */
  exemptFromReadAuditLogs(...accounts: IServiceAccount[]): void {
    for (const a of accounts) if (!this.readAuditExempt.includes(a.member)) this.readAuditExempt.push(a.member);
  }

  gsUri(prefix?: DataLakePrefix, ...path: string[]): string {
    return [this.url, ...(prefix ? [prefix] : []), ...path].join('/');
  }

  /** Object read and list (`roles/storage.objectViewer`) on this bucket only. `id` names the grant when `account` is not a construct. */
  grantRead(account: IServiceAccount, id?: string): StorageBucketIamMember {
    return this.grant('read', BUCKET_ROLES.read, account, id);
  }

  /**
   * Object create, overwrite and delete (`roles/storage.objectUser`) under `prefixes` only: a
   * bucket-level member with an IAM condition on the objects' names (reads come from grantRead).
   * `scripts/` (job code) is refused: code stays where workloads can only read it. One grant per
   * account (or `id`): a second call with the same prefixes returns the first grant, one with other
   * prefixes is refused.
   */
  grantWrite(account: IServiceAccount, prefixes: readonly string[], id?: string): StorageBucketIamMember {
    const problems = new Problems(`${this.node.path}.grantWrite`);
    problems.check(
      prefixes.length > 0,
      'prefixes',
      '[]',
      'empty',
      'the prefixes the workload writes, e.g. ["checkpoints"]',
    );
    for (const p of prefixes) {
      const top = p.replace(/\/+$/, '').split('/')[0];
      problems.check(
        /^[a-z0-9][-_a-z0-9/]*$/.test(p.replace(/\/+$/, '')),
        'prefixes',
        p,
        'not an object prefix',
        'e.g. "checkpoints" or "runs/janitor"',
      );
      problems.check(
        top !== DATA_LAKE_PREFIXES.scripts,
        'prefixes',
        p,
        'job code: workloads must not write the code they run',
        `prefixes outside ${DATA_LAKE_PREFIXES.scripts}/ (only the deployer uploads code)`,
      );
    }
    const key = `write-${id ?? this.grantId(account)}`;
    const earlier = this.writePrefixes.get(key);
    problems.check(
      earlier === undefined || earlier.join(',') === prefixes.join(','),
      'prefixes',
      prefixes.join(', '),
      `a second write grant for the same account with other prefixes (the first: ${earlier?.join(', ')})`,
      'the same prefixes as the first grant, or another id',
    );
    problems.throwIfAny();
    this.writePrefixes.set(key, [...prefixes]);
    return this.grant('write', BUCKET_ROLES.readWrite, account, id, {
      title: `${prefixes.join(', ')} only`,
      description: `Objects under ${prefixes.map((p) => `${p.replace(/\/+$/, '')}/`).join(', ')} of the data lake`,
      expression: objectPrefixesCondition(this.bucket.name, prefixes),
    });
  }

  private grant(
    kind: string,
    role: string,
    account: IServiceAccount,
    id: string | undefined,
    condition?: StorageBucketIamMemberCondition,
  ): StorageBucketIamMember {
    const key = `${kind}-${id ?? this.grantId(account)}`;
    const existing = this.grants.get(key);
    if (existing) return existing;
    const member = new StorageBucketIamMember(this, key, {
      bucket: this.bucket.name,
      role,
      member: account.member,
      condition,
    });
    this.grants.set(key, member);
    return member;
  }

  /** A stable construct id for the grantee: its construct path in the stack, or its literal email. */
  private grantId(account: IServiceAccount): string {
    if (Construct.isConstruct(account)) {
      const stackPath = TerraformStack.of(this).node.path;
      return account.node.path
        .slice(stackPath.length)
        .replace(/^\//, '')
        .replace(/[^a-zA-Z0-9-]/g, '-');
    }
    if (!Token.isUnresolved(account.email)) return account.email.split('@')[0];
    throw new InputError([
      `${this.node.path}.grant id=undefined: cannot be derived for an account that is not a construct and whose email is a Terraform token; allowed: an id argument, e.g. grantRead(account, "runner")`,
    ]);
  }

  private protection(props: DataLakeBucketProps): TerraformResourceLifecycle | undefined {
    const precondition =
      props.kmsKeyName !== undefined
        ? [
            {
              condition: Op.eq(Fn.element(Fn.split('/', props.kmsKeyName), 3), props.location),
              errorMessage: "The Cloud KMS key must be in the bucket's region.",
            },
          ]
        : undefined;
    if (!props.deletionProtection && !precondition) return undefined;
    return { preventDestroy: props.deletionProtection ? true : undefined, precondition };
  }
}

/** `<bucket>-logs`, within the 63-character limit (the name is cut to 58 characters first). */
export function logBucketName(bucketName: string): string {
  const base = Token.isUnresolved(bucketName) ? Fn.substr(bucketName, 0, 58) : bucketName.slice(0, 58);
  return `${base}-logs`;
}
