import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  ANYWHERE_CACHE,
  BUCKET_ROLES,
  GRANT_PROPAGATION_WAIT,
  STORAGE_AUDIT_LOGS,
  USAGE_LOG_WRITER,
} from '../src/catalog';
import { InputError } from '../src/core/errors';
import { DataLakeBucket, DataLakeBucketProps, logBucketName } from '../constructs/data-lake';
import { WorkloadServiceAccount } from '../constructs/identity';
import { resourcesOf, TerraformJson } from './helpers';
import { fakeServiceAccount } from './fakes';

/** DataLakeBucket alone, with literal props: every option, the grants, and every refusal. */

type Body = Record<string, any>;

const BASE: DataLakeBucketProps = {
  projectId: 'p-test-123',
  bucketName: 'lake-test',
  location: 'us-central1',
  namePrefix: 'tpu-dev',
  deletionProtection: false,
};

function lake(
  props: Partial<DataLakeBucketProps> = {},
  extra: (l: DataLakeBucket, s: TerraformStack) => void = () => undefined,
) {
  const stack = new TerraformStack(Testing.app(), 's');
  const l = new DataLakeBucket(stack, 'lake', { ...BASE, ...props });
  extra(l, stack);
  return { tf: JSON.parse(Testing.synth(stack)) as TerraformJson, lake: l };
}

function buckets(tf: TerraformJson): Record<string, Body> {
  return (tf.resource.google_storage_bucket ?? {}) as Record<string, Body>;
}

function mainBucket(tf: TerraformJson): Body {
  return Object.entries(buckets(tf)).find(([k]) => k.includes('_bucket_'))![1];
}

function refusal(props: Partial<DataLakeBucketProps>): string[] {
  try {
    lake(props);
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  throw new Error('expected an InputError');
}

/** An account whose email is an unresolved token, like one from a resource of another construct library. */
function tokenAccount(scope: Construct) {
  const email = new TerraformVariable(scope, 'email', {}).stringValue;
  return { email, member: `serviceAccount:${email}`, accountName: `projects/p/serviceAccounts/${email}` };
}

const ONE_LINE = /^[^\n]+="?[^\n]*"?: [^\n]+; allowed: [^\n]+$/;

describe('DataLakeBucket defaults and options (construct alone)', () => {
  it('dataAccessAuditLogs defaults to deletionProtection, and can be set either way', () => {
    expect(lake({ deletionProtection: true }).tf.resource).toHaveProperty('google_project_iam_audit_config');
    expect(lake({ deletionProtection: false }).tf.resource).not.toHaveProperty('google_project_iam_audit_config');
    expect(lake({ deletionProtection: true, dataAccessAuditLogs: false }).tf.resource).not.toHaveProperty(
      'google_project_iam_audit_config',
    );
    const audit = resourcesOf(lake({ dataAccessAuditLogs: true }).tf, 'google_project_iam_audit_config');
    expect(audit).toEqual([expect.objectContaining({ service: STORAGE_AUDIT_LOGS.service, project: 'p-test-123' })]);
  });

  it('createKmsKey: ring and rotated key in the bucket location, agent may use only that key, bucket waits for the grant', () => {
    for (const deletionProtection of [true, false]) {
      const { tf } = lake({ createKmsKey: true, deletionProtection });
      const [ring] = resourcesOf(tf, 'google_kms_key_ring');
      expect(ring).toMatchObject({ name: 'tpu-dev-data-lake', location: 'us-central1', project: 'p-test-123' });
      const keys = tf.resource.google_kms_crypto_key as Record<string, Body>;
      const [keyId, key] = Object.entries(keys)[0];
      expect(key).toMatchObject({ name: 'data-lake', rotation_period: '7776000s', purpose: 'ENCRYPT_DECRYPT' });
      expect(key.lifecycle?.prevent_destroy).toBe(deletionProtection ? true : undefined);
      const grants = resourcesOf(tf, 'google_kms_crypto_key_iam_member');
      expect(grants).toEqual([
        expect.objectContaining({
          crypto_key_id: `\${google_kms_crypto_key.${keyId}.id}`,
          role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        }),
      ]);
      const agentId = Object.keys(tf.data!.google_storage_project_service_account)[0];
      expect(grants[0].member).toBe(`\${data.google_storage_project_service_account.${agentId}.member}`);
      const b = mainBucket(tf);
      expect(b.encryption).toEqual({ default_kms_key_name: `\${google_kms_crypto_key.${keyId}.id}` });
      // The bucket waits for the grant and a pause for IAM to propagate, not for the grant alone.
      const grantId = Object.keys(tf.resource.google_kms_crypto_key_iam_member)[0];
      const [sleepId, sleep] = Object.entries(tf.resource.time_sleep as Record<string, Body>)[0];
      expect(sleep).toMatchObject({
        create_duration: GRANT_PROPAGATION_WAIT,
        depends_on: [`google_kms_crypto_key_iam_member.${grantId}`],
      });
      expect(b.depends_on).toEqual([`time_sleep.${sleepId}`]);
      expect(GRANT_PROPAGATION_WAIT).toBe('60s');
    }
  });

  it('kmsKeyName: no key created, the agent is granted on that key, and Terraform checks its region', () => {
    const key = 'projects/k/locations/us-central1/keyRings/r/cryptoKeys/k';
    const { tf } = lake({ kmsKeyName: key, accessLogs: true });
    expect(tf.resource).not.toHaveProperty('google_kms_key_ring');
    expect(tf.resource).not.toHaveProperty('google_kms_crypto_key');
    expect(resourcesOf(tf, 'google_kms_crypto_key_iam_member')).toEqual([
      expect.objectContaining({ crypto_key_id: key }),
    ]);
    for (const b of Object.values(buckets(tf))) {
      expect(b.encryption).toEqual({ default_kms_key_name: key });
      expect(b.lifecycle.precondition[0].condition).toBe(`\${(element(split("/", "${key}"), 3) == "us-central1")}`);
    }
  });

  it('anywhereCache: one cache in the given zone, TTL in seconds, zone checked against the region at plan time', () => {
    const { tf } = lake({ anywhereCache: true, zone: 'us-central1-b', anywhereCacheTtlHours: 48 });
    const [cache] = resourcesOf(tf, 'google_storage_anywhere_cache');
    expect(cache).toMatchObject({ zone: 'us-central1-b', ttl: '172800s', admission_policy: 'admit-on-first-miss' });
    expect(cache.bucket).toMatch(/^\$\{google_storage_bucket\.lake_bucket_\w+\.name\}$/);
    expect((cache.lifecycle as Body).precondition[0].condition).toBe('${startswith("us-central1-b", "us-central1-")}');
  });

  it('anywhereCache with a destroyable bucket: a destroy deletes the cache, waits 5000 s, then the bucket', () => {
    const { tf } = lake({ anywhereCache: true, zone: 'us-central1-b', deletionProtection: false });
    const [cache] = resourcesOf(tf, 'google_storage_anywhere_cache');
    const [[waitId, wait]] = Object.entries(tf.resource.time_sleep as Record<string, Body>);
    const bucketId = Object.keys(buckets(tf)).find((k) => k.includes('_bucket_'));
    expect(wait).toEqual({ destroy_duration: '5000s', depends_on: [`google_storage_bucket.${bucketId}`] });
    expect(cache.depends_on).toEqual([`time_sleep.${waitId}`]);
    expect(ANYWHERE_CACHE.destroyWait).toBe('5000s');
    // A protected bucket is never destroyed: no wait.
    const { tf: prod } = lake({ anywhereCache: true, zone: 'us-central1-b', deletionProtection: true });
    expect(prod.resource.time_sleep).toBeUndefined();
  });

  it('accessLogs: log bucket with the same baseline, protected like the lake', () => {
    const { tf } = lake({ accessLogs: true, deletionProtection: true, accessLogRetentionDays: 90 });
    const logs = buckets(tf)[Object.keys(buckets(tf)).find((k) => k.includes('log-bucket'))!];
    expect(logs).toMatchObject({
      name: 'lake-test-logs',
      location: 'us-central1',
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      versioning: { enabled: true },
      lifecycle: { prevent_destroy: true },
    });
    expect(logs.lifecycle_rule).toContainEqual({ action: { type: 'Delete' }, condition: { age: 90 } });
    expect(logs).not.toHaveProperty('logging');
    expect(resourcesOf(tf, 'google_storage_bucket_iam_member')).toContainEqual(
      expect.objectContaining({ member: USAGE_LOG_WRITER.member, role: USAGE_LOG_WRITER.role }),
    );
  });

  it('log bucket names stay within 63 characters', () => {
    expect(logBucketName('a'.repeat(63))).toBe(`${'a'.repeat(58)}-logs`);
    expect(logBucketName('short')).toBe('short-logs');
  });

  it('retention settings are honoured', () => {
    const b = mainBucket(
      lake({
        softDeleteDays: 30,
        noncurrentVersionDays: 10,
        maxNoncurrentVersions: 5,
        incompleteUploadDays: 2,
        temporaryPrefixes: ['tmp/', 'spark-staging/'],
        temporaryObjectDays: 3,
      }).tf,
    );
    expect(b.soft_delete_policy).toEqual({ retention_duration_seconds: 30 * 86400 });
    expect(b.lifecycle_rule.map((r: Body) => r.condition)).toEqual([
      { with_state: 'ARCHIVED', days_since_noncurrent_time: 10, send_age_if_zero: false },
      { with_state: 'ARCHIVED', num_newer_versions: 5, send_age_if_zero: false },
      {
        with_state: 'ARCHIVED',
        days_since_noncurrent_time: 1,
        matches_prefix: ['tmp/', 'spark-staging/', 'checkpoints/'],
        send_age_if_zero: false,
      },
      { age: 2 },
      { age: 3, matches_prefix: ['tmp/', 'spark-staging/'] },
    ]);
    expect(
      JSON.stringify(mainBucket(lake({ temporaryPrefixes: [], shortNoncurrentPrefixes: [] }).tf).lifecycle_rule),
    ).not.toContain('matches_prefix');
    const custom = mainBucket(lake({ shortNoncurrentPrefixes: ['models/'], shortNoncurrentDays: 3 }).tf);
    expect(custom.lifecycle_rule[2].condition).toMatchObject({
      days_since_noncurrent_time: 3,
      matches_prefix: ['tmp/', 'models/'],
    });
  });
});

describe('gsUri and grants', () => {
  it('builds gs:// URIs under the data lake prefixes', () => {
    const { lake: l } = lake();
    const url = l.url;
    expect(l.gsUri()).toBe(url);
    expect(l.gsUri('checkpoints', 'run-1', 'step-100')).toBe(`${url}/checkpoints/run-1/step-100`);
    expect(l.gsUri('pipeline-root')).toBe(`${url}/pipeline-root`);
  });

  it('grants the narrowest roles as bucket-level additive members, once per account and role', () => {
    const { tf } = lake({}, (l, s) => {
      const worker = new WorkloadServiceAccount(s, 'worker', {
        projectId: 'p-test-123',
        accountId: 'tpu-dev-worker',
        displayName: 'W',
      });
      l.grantRead(worker);
      l.grantWrite(worker, ['processed-data', 'runs']);
      l.grantWrite(worker, ['processed-data', 'runs']);
      l.grantRead(fakeServiceAccount('reader'));
      l.grantRead(tokenAccount(s), 'runner');
    });
    const members = resourcesOf(tf, 'google_storage_bucket_iam_member');
    expect(members).toHaveLength(4);
    for (const m of members) expect(m.bucket).toMatch(/^\$\{google_storage_bucket\.lake_bucket_\w+\.name\}$/);
    expect(members.map((m) => m.role).sort()).toEqual(
      [BUCKET_ROLES.read, BUCKET_ROLES.read, BUCKET_ROLES.read, BUCKET_ROLES.readWrite].sort(),
    );
    expect(BUCKET_ROLES).toMatchObject({ read: 'roles/storage.objectViewer', readWrite: 'roles/storage.objectUser' });
    expect(Object.keys(tf.resource.google_storage_bucket_iam_member).sort()).toEqual([
      expect.stringMatching(/^lake_read-reader_/),
      expect.stringMatching(/^lake_read-runner_/),
      expect.stringMatching(/^lake_read-worker_/),
      expect.stringMatching(/^lake_write-worker_/),
    ]);
    // Reads are unconditioned (the whole bucket); the write grant names its prefixes, objects only.
    const write = members.find((m) => m.role === BUCKET_ROLES.readWrite) as Body;
    expect(write.condition.expression).toMatch(
      /^resource\.name\.startsWith\("projects\/_\/buckets\/\$\{google_storage_bucket\.lake_bucket_\w+\.name\}\/objects\/processed-data\/"\) \|\| resource\.name\.startsWith\(".*\/objects\/runs\/"\)$/,
    );
    for (const m of members.filter((x) => x.role === BUCKET_ROLES.read)) expect(m).not.toHaveProperty('condition');
    expect(members).toContainEqual(
      expect.objectContaining({
        role: BUCKET_ROLES.read,
        member: 'serviceAccount:reader@p-test-123.iam.gserviceaccount.com',
      }),
    );
  });

  it('refuses a write grant on scripts/ (job code) or with no prefix, one line each', () => {
    const worker = fakeServiceAccount('worker');
    expect(() => lake({}, (l) => l.grantWrite(worker, ['scripts']))).toThrow(
      's/lake.grantWrite.prefixes="scripts": job code: workloads must not write the code they run; allowed: prefixes outside scripts/ (only the deployer uploads code)',
    );
    expect(() => lake({}, (l) => l.grantWrite(worker, ['scripts/sub/']))).toThrow(/job code/);
    expect(() => lake({}, (l) => l.grantWrite(worker, []))).toThrow('s/lake.grantWrite.prefixes="[]": empty');
  });

  it('refuses a second write grant for the same account with other prefixes, instead of dropping them', () => {
    const worker = fakeServiceAccount('worker');
    expect(() =>
      lake({}, (l) => {
        l.grantWrite(worker, ['processed-data']);
        l.grantWrite(worker, ['processed-data']);
      }),
    ).not.toThrow();
    expect(() =>
      lake({}, (l) => {
        l.grantWrite(worker, ['processed-data']);
        l.grantWrite(worker, ['models']);
      }),
    ).toThrow(
      's/lake.grantWrite.prefixes="models": a second write grant for the same account with other prefixes (the first: processed-data); allowed: the same prefixes as the first grant, or another id',
    );
  });

  it('refuses to guess a name for a grant to a token account that is not a construct', () => {
    expect(() => lake({}, (l, s) => l.grantRead(tokenAccount(s)))).toThrow(
      /^s\/lake\.grant id=undefined: cannot be derived for an account that is not a construct and whose email is a Terraform token; allowed: an id argument/,
    );
  });

  it('names grants by construct path, so the same account in another scope does not collide', () => {
    const { tf } = lake({}, (l, s) => {
      const a = new Construct(s, 'team-a');
      l.grantRead(new WorkloadServiceAccount(a, 'sa', { projectId: 'p', accountId: 'tpu-dev-sa-a', displayName: 'A' }));
      l.grantRead(new WorkloadServiceAccount(s, 'sa', { projectId: 'p', accountId: 'tpu-dev-sa-b', displayName: 'B' }));
    });
    expect(Object.keys(tf.resource.google_storage_bucket_iam_member).sort()).toEqual([
      expect.stringMatching(/^lake_read-sa_/),
      expect.stringMatching(/^lake_read-team-a-sa_/),
    ]);
  });
});

describe('DataLakeBucket refuses bad literals, one line each', () => {
  it.each<[string, Partial<DataLakeBucketProps>, RegExp]>([
    [
      'soft delete too short',
      { softDeleteDays: 3 },
      /^s\/lake\.softDeleteDays=3: not a whole number of days in range; allowed: 7 to 90$/,
    ],
    ['soft delete too long', { softDeleteDays: 91 }, /^s\/lake\.softDeleteDays=91: .*allowed: 7 to 90$/],
    ['soft delete fractional', { softDeleteDays: 7.5 }, /^s\/lake\.softDeleteDays=7\.5: not a whole number/],
    ['noncurrent days', { noncurrentVersionDays: 0 }, /^s\/lake\.noncurrentVersionDays=0: .*allowed: 1 to 3650$/],
    [
      'noncurrent versions',
      { maxNoncurrentVersions: 0 },
      /^s\/lake\.maxNoncurrentVersions=0: not a whole number of versions/,
    ],
    ['upload days', { incompleteUploadDays: 0 }, /^s\/lake\.incompleteUploadDays=0:/],
    ['temporary object days', { temporaryObjectDays: -1 }, /^s\/lake\.temporaryObjectDays=-1:/],
    ['log retention', { accessLogRetentionDays: 0 }, /^s\/lake\.accessLogRetentionDays=0:/],
    ['key rotation', { keyRotationDays: 0 }, /^s\/lake\.keyRotationDays=0:/],
    [
      'temporary prefix under the lake',
      { temporaryPrefixes: ['checkpoints/'] },
      /^s\/lake\.temporaryPrefixes="checkpoints\/": lies under a data lake prefix, whose objects would be deleted; allowed: a prefix outside raw-data\/, processed-data\/, checkpoints\/, models\/, scripts\/, pipeline-root\/, runs\/$/,
    ],
    [
      'temporary prefix deeper in the lake',
      { temporaryPrefixes: ['models/tmp/'] },
      /^s\/lake\.temporaryPrefixes="models\/tmp\/": lies under a data lake prefix/,
    ],
    [
      'temporary prefix without slash',
      { temporaryPrefixes: ['tmp'] },
      /^s\/lake\.temporaryPrefixes="tmp": not a prefix ending in "\/"; allowed: e\.g\. "tmp\/"$/,
    ],
    [
      'key and createKmsKey',
      { createKmsKey: true, kmsKeyName: 'projects/p/locations/us-central1/keyRings/r/cryptoKeys/k' },
      /^s\/lake\.kmsKeyName="projects\/.*": given together with createKmsKey=true; allowed: either a key name or createKmsKey, not both$/,
    ],
    [
      'key name',
      { kmsKeyName: 'my-key' },
      /^s\/lake\.kmsKeyName="my-key": not a Cloud KMS key name; allowed: projects\/<p>\/locations\/<region>\/keyRings\/<r>\/cryptoKeys\/<k>$/,
    ],
    [
      'cache without zone',
      { anywhereCache: true },
      /^s\/lake\.zone=undefined: missing, and anywhereCache=true needs the zone to cache in; allowed: the TPU's zone/,
    ],
    [
      'cache TTL too long',
      { anywhereCache: true, zone: 'us-central1-b', anywhereCacheTtlHours: 200 },
      /^s\/lake\.anywhereCacheTtlHours=200: .*allowed: 1 to 168$/,
    ],
    [
      'cache TTL zero',
      { anywhereCache: true, zone: 'us-central1-b', anywhereCacheTtlHours: 0 },
      /^s\/lake\.anywhereCacheTtlHours=0:/,
    ],
  ])('%s', (_n, props, expected) => {
    const lines = refusal(props);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(lines[0]).toMatch(ONE_LINE);
  });

  it('lists every problem at once', () => {
    expect(refusal({ softDeleteDays: 1, kmsKeyName: 'bad', anywhereCache: true })).toHaveLength(3);
  });

  it('refuses an invalid literal bucket name or prefix', () => {
    expect(refusal({ bucketName: 'Data.Lake' })[0]).toMatch(
      /^s\/lake\.bucketName="Data\.Lake": not a valid bucket name; allowed:/,
    );
    expect(refusal({ namePrefix: 'X' })[0]).toMatch(/^s\/lake\.namePrefix="X": not a valid naming prefix/);
  });

  it('ignores TTL limits when the cache is off, and lets tokens pass', () => {
    expect(() => lake({ anywhereCacheTtlHours: 0 })).not.toThrow();
    expect(() => {
      const stack = new TerraformStack(Testing.app(), 's');
      const v = (n: string) => new TerraformVariable(stack, n, {}).stringValue;
      new DataLakeBucket(stack, 'lake', {
        ...BASE,
        bucketName: v('b'),
        namePrefix: 'tpu-dev',
        kmsKeyName: v('k'),
        softDeleteDays: 30,
      });
    }).not.toThrow();
  });
});
