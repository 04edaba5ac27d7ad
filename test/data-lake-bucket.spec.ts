import { configProblems } from './helpers';
import { ENVIRONMENT_NAMES } from '../src/config';
import { committedStack } from './committed-stacks';
import { envConfig, resourcesOf, synthEnv, TerraformJson } from './helpers';

/** The data lake as each environment stack builds it, and the bucket configuration's validation. */

type Body = Record<string, any>;

function buckets(tf: TerraformJson): Record<string, Body> {
  return (tf.resource.google_storage_bucket ?? {}) as Record<string, Body>;
}

describe.each(ENVIRONMENT_NAMES.map((n) => [n]))('%s data lake (committed configuration)', (name) => {
  const env = envConfig(name);
  const { tf } = committedStack(name);
  const all = Object.values(buckets(tf));
  const lakeBucket = all.find((b) => b.name === '${var.bucket_name}')!;

  it('is one bucket named from var.bucket_name, in the TPU region (var.region)', () => {
    expect(all.filter((b) => b.name === '${var.bucket_name}')).toHaveLength(1);
    expect(lakeBucket).toMatchObject({
      location: '${var.region}',
      project: '${var.project_id}',
      storage_class: 'STANDARD',
    });
  });

  it('has uniform access, public access prevention enforced, versioning and 7 days of soft delete', () => {
    for (const b of all) {
      expect(b).toMatchObject({
        uniform_bucket_level_access: true,
        public_access_prevention: 'enforced',
        versioning: { enabled: true },
        soft_delete_policy: { retention_duration_seconds: 7 * 86400 },
      });
    }
  });

  it('bounds cost with lifecycle rules: old and surplus noncurrent versions, abandoned uploads, tmp/', () => {
    expect(lakeBucket.lifecycle_rule).toEqual([
      {
        action: { type: 'Delete' },
        condition: { with_state: 'ARCHIVED', days_since_noncurrent_time: 30, send_age_if_zero: false },
      },
      {
        action: { type: 'Delete' },
        condition: { with_state: 'ARCHIVED', num_newer_versions: 3, send_age_if_zero: false },
      },
      // Versioned: a Delete on a live tmp/ object only makes it noncurrent; rewritten checkpoints leave
      // noncurrent versions. Both go a day later, not after 30.
      {
        action: { type: 'Delete' },
        condition: {
          with_state: 'ARCHIVED',
          days_since_noncurrent_time: 1,
          matches_prefix: ['tmp/', 'checkpoints/'],
          send_age_if_zero: false,
        },
      },
      { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 7 } },
      { action: { type: 'Delete' }, condition: { age: 7, matches_prefix: ['tmp/'] } },
    ]);
  });

  if (env.deletionProtection) {
    it('cannot be destroyed: prevent_destroy and no force_destroy, on every bucket', () => {
      for (const b of all) {
        expect(b.lifecycle).toMatchObject({ prevent_destroy: true });
        expect(b).not.toHaveProperty('force_destroy');
      }
    });
  } else {
    it('can be torn down completely: force_destroy and no prevent_destroy', () => {
      for (const b of all) {
        expect(b.force_destroy).toBe(true);
        expect(b.lifecycle?.prevent_destroy).toBeUndefined();
      }
    });
  }

  const audit = resourcesOf(tf, 'google_project_iam_audit_config');
  if (env.bucket.dataAccessAuditLogs) {
    it("turns on Cloud Storage data-access audit logs for the project, the workloads' reads exempted", () => {
      const member = (id: string) => {
        const [name] = Object.entries(tf.resource.google_service_account).find(
          ([, a]) => (a as Body).account_id === `${env.namePrefix}-${id}`,
        )!;
        return `\${google_service_account.${name}.member}`;
      };
      expect(audit).toEqual([
        expect.objectContaining({
          project: '${var.project_id}',
          service: 'storage.googleapis.com',
          audit_log_config: [
            { log_type: 'ADMIN_READ' },
            { log_type: 'DATA_READ', exempted_members: [member('tpu-trainer'), member('dataproc-worker')] },
            { log_type: 'DATA_WRITE' },
          ],
        }),
      ]);
    });

    it('logs each read once: Data Access audit logs, no usage logs', () => {
      expect(env.bucket.accessLogs).toBe(false);
      expect(lakeBucket).not.toHaveProperty('logging');
    });
  } else {
    it('leaves data-access audit logs off (an option here)', () => {
      expect(audit).toEqual([]);
    });
  }

  if (env.bucket.accessLogs) {
    it("writes usage logs to a separate log bucket that only Google's log writer can add to", () => {
      expect(all).toHaveLength(2);
      const logs = all.find((b) => b !== lakeBucket)!;
      expect(logs.name).toBe('${substr(var.bucket_name, 0, 58)}-logs');
      expect(logs.location).toBe('${var.region}');
      expect(lakeBucket.logging.log_bucket).toMatch(/^\$\{google_storage_bucket\.data-lake_log-bucket_\w+\.name\}$/);
      expect(logs.lifecycle_rule).toContainEqual({ action: { type: 'Delete' }, condition: { age: 365 } });
      expect(resourcesOf(tf, 'google_storage_bucket_iam_member')).toContainEqual(
        expect.objectContaining({
          role: 'roles/storage.objectCreator',
          member: 'group:cloud-storage-analytics@google.com',
          bucket: lakeBucket.logging.log_bucket,
        }),
      );
    });
  } else {
    it('has no log bucket', () => {
      expect(all).toHaveLength(1);
      expect(lakeBucket).not.toHaveProperty('logging');
    });
  }

  it('is never public and never granted authoritatively', () => {
    for (const m of resourcesOf(tf, 'google_storage_bucket_iam_member'))
      expect(String(m.member)).not.toMatch(/allUsers|allAuthenticatedUsers/);
    for (const type of [
      'google_storage_bucket_iam_binding',
      'google_storage_bucket_iam_policy',
      'google_storage_bucket_acl',
    ])
      expect(tf.resource).not.toHaveProperty(type);
  });

  it('has no Anywhere Cache, key or hierarchical namespace unless configured', () => {
    expect(tf.resource).not.toHaveProperty('google_storage_anywhere_cache');
    expect(tf.resource).not.toHaveProperty('google_kms_key_ring');
    expect(lakeBucket).not.toHaveProperty('hierarchical_namespace');
    expect(lakeBucket).not.toHaveProperty('encryption');
  });

  it('outputs the bucket name and gs:// URL', () => {
    expect(tf.output.data_lake_bucket.value).toMatch(/^\$\{google_storage_bucket\.data-lake_bucket_\w+\.name\}$/);
    expect(tf.output.data_lake_url.value).toMatch(/^\$\{google_storage_bucket\.data-lake_bucket_\w+\.url\}$/);
  });
});

describe('configured options reach the stack', () => {
  it('hierarchical namespace: folders on, versioning off, soft delete kept', () => {
    const b = mainBucketOf(synthEnv(envConfig('prod', (e) => (e.bucket.hierarchicalNamespace = true))).tf);
    expect(b.hierarchical_namespace).toEqual({ enabled: true });
    expect(b).not.toHaveProperty('versioning');
    expect(b.soft_delete_policy).toEqual({ retention_duration_seconds: 604800 });
    expect(JSON.stringify(b.lifecycle_rule)).not.toMatch(/noncurrent|num_newer_versions/);
  });

  it('encryption=cmek creates a key ring and key in var.region', () => {
    const { tf } = synthEnv(envConfig('staging', (e) => (e.bucket.encryption = 'cmek')));
    expect(resourcesOf(tf, 'google_kms_key_ring')).toEqual([
      expect.objectContaining({ name: 'tpu-stg-data-lake', location: '${var.region}' }),
    ]);
    expect(mainBucketOf(tf).encryption.default_kms_key_name).toMatch(/^\$\{google_kms_crypto_key\.\S+\.id\}$/);
  });

  it('encryption=<key name> uses that key', () => {
    const key = 'projects/kms-proj/locations/us-central1/keyRings/ring/cryptoKeys/lake';
    const { tf } = synthEnv(envConfig('dev', (e) => (e.bucket.encryption = key)));
    expect(mainBucketOf(tf).encryption).toEqual({ default_kms_key_name: key });
    expect(tf.resource).not.toHaveProperty('google_kms_key_ring');
  });

  it('anywhereCache caches in the TPU zone (var.zone)', () => {
    const { tf } = synthEnv(envConfig('dev', (e) => (e.bucket.anywhereCache = true)));
    expect(resourcesOf(tf, 'google_storage_anywhere_cache')).toEqual([
      expect.objectContaining({ zone: '${var.zone}', ttl: '86400s' }),
    ]);
  });

  it('refuses usage logs in prod, where audit logs are on by default (deletion protection)', () => {
    expect(
      configProblems((e) => (e.bucket = { ...e.bucket, accessLogs: true, dataAccessAuditLogs: undefined }), 'prod'),
    ).toEqual([
      'environments.prod.bucket.accessLogs=true: usage logs on together with Data Access audit logs (bucket.dataAccessAuditLogs, on by default with deletionProtection): every read would be logged twice; allowed: one of the two (accessLogs false, or dataAccessAuditLogs false)',
    ]);
  });

  it('data-access audit logs or access logs can be turned on outside prod', () => {
    const audit = synthEnv(envConfig('dev', (e) => Object.assign(e.bucket, { dataAccessAuditLogs: true }))).tf;
    expect(resourcesOf(audit, 'google_project_iam_audit_config')).toHaveLength(1);
    const usage = synthEnv(envConfig('dev', (e) => Object.assign(e.bucket, { accessLogs: true }))).tf;
    expect(resourcesOf(usage, 'google_storage_bucket')).toHaveLength(2);
  });
});

function mainBucketOf(tf: TerraformJson): Body {
  return Object.values(buckets(tf)).find((b) => b.name === '${var.bucket_name}')!;
}

describe('bucket configuration is validated with one line per problem', () => {
  const problems = (change: (b: Record<string, unknown>) => void) => configProblems((e) => change(e.bucket));

  it.each<[string, (b: Record<string, unknown>) => void, RegExp]>([
    [
      'usage logs and audit logs together',
      (b) => Object.assign(b, { accessLogs: true, dataAccessAuditLogs: true }),
      /^environments\.dev\.bucket\.accessLogs=true: usage logs on together with Data Access audit logs \(bucket\.dataAccessAuditLogs\): every read would be logged twice; allowed: one of the two \(accessLogs false, or dataAccessAuditLogs false\)$/,
    ],
    [
      'encryption mode',
      (b) => (b.encryption = 'customer'),
      /^environments\.dev\.bucket\.encryption="customer": not an encryption mode; allowed: google-managed, cmek, or a key name projects\//,
    ],
    [
      'key in another region',
      (b) => (b.encryption = 'projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k'),
      /^environments\.dev\.bucket\.encryption="projects\/p\/locations\/europe-west4\/keyRings\/r\/cryptoKeys\/k": key is in europe-west4, not in the bucket's region us-central1; allowed: a key in us-central1$/,
    ],
    [
      'hierarchicalNamespace',
      (b) => (b.hierarchicalNamespace = 'yes'),
      /^environments\.dev\.bucket\.hierarchicalNamespace="yes": not a boolean; allowed: true, false$/,
    ],
    ['anywhereCache', (b) => (b.anywhereCache = 1), /^environments\.dev\.bucket\.anywhereCache=1: not a boolean/],
    ['accessLogs', (b) => (b.accessLogs = 'on'), /^environments\.dev\.bucket\.accessLogs="on": not a boolean/],
    [
      'dataAccessAuditLogs',
      (b) => (b.dataAccessAuditLogs = null),
      /^environments\.dev\.bucket\.dataAccessAuditLogs=null: not a boolean/,
    ],
    ['unknown option', (b) => (b.versioning = false), /^environments\.dev\.bucket: unknown field\(s\) versioning/],
  ])('%s', (_n, change, expected) => {
    const lines = problems(change);
    expect(lines.some((l) => expected.test(l))).toBe(true);
  });

  it('accepts the options left out (construct defaults apply)', () => {
    expect(
      problems((b) => {
        for (const k of ['hierarchicalNamespace', 'encryption', 'anywhereCache', 'accessLogs', 'dataAccessAuditLogs'])
          delete b[k];
      }),
    ).toEqual([]);
  });
});
