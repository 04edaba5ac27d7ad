import { TerraformStack, Testing } from 'cdktf';
import { ACT_AS_ROLES, BASIC_ROLES, BUCKET_ROLES } from '../src/catalog';
import { ENVIRONMENT_NAMES } from '../src/config';
import { WorkloadServiceAccounts } from '../constructs/identity';
import { allResources, envConfig, resourcesOf, synthEnv, TerraformJson } from './helpers';
import { FakeBucket } from './fakes';

type Body = Record<string, any>;

/** `${google_service_account.<address>.<attr>}` for the account with this id. */
function accountRef(tf: TerraformJson, accountId: string, attr: string): string {
  const [address] = Object.entries(tf.resource.google_service_account).find(([, b]) => b.account_id === accountId)!;
  return `\${google_service_account.${address}.${attr}}`;
}

function projectRolesOf(tf: TerraformJson, accountId: string): Body[] {
  const member = accountRef(tf, accountId, 'member');
  return (resourcesOf(tf, 'google_project_iam_member') as Body[]).filter((m) => m.member === member);
}

describe.each(ENVIRONMENT_NAMES.map((n) => [n]))('%s identities', (name) => {
  const env = envConfig(name);
  const { tf, stack } = synthEnv(env);
  const p = env.namePrefix;
  const ids = { trainer: `${p}-tpu-trainer`, worker: `${p}-dataproc-worker`, scheduler: `${p}-scheduler` };
  const lake = Object.entries(tf.resource.google_storage_bucket).find(([, b]) => b.name === '${var.bucket_name}')![0];

  it('creates one account per workload (TPU trainer, Dataproc worker, scheduler), no keys', () => {
    const accounts = resourcesOf(tf, 'google_service_account').map((a) => a.account_id);
    expect(accounts).toEqual(expect.arrayContaining(Object.values(ids)));
    for (const id of Object.values(ids)) expect(id.length).toBeLessThanOrEqual(30);
    expect(tf.resource).not.toHaveProperty('google_service_account_key');
    expect(
      [stack.identities.tpuTrainer, stack.identities.dataprocWorker, stack.identities.scheduler].map(
        (i) => i.node.path,
      ),
    ).toEqual([`${name}/identities/tpu-trainer`, `${name}/identities/dataproc-worker`, `${name}/identities/scheduler`]);
  });

  it('gives the TPU trainer log and metric writing only, at project level', () => {
    expect(
      projectRolesOf(tf, ids.trainer)
        .map((m) => m.role)
        .sort(),
    ).toEqual(['roles/logging.logWriter', 'roles/monitoring.metricWriter']);
  });

  it('gives the Dataproc worker roles/dataproc.worker only (it includes log and metric writing), kept off the data lake and state objects', () => {
    const roles = projectRolesOf(tf, ids.worker);
    expect(roles.map((m) => m.role)).toEqual(['roles/dataproc.worker']);
    // The role carries object write on every bucket of the project: the condition keeps it off the
    // data lake (the bucket grants decide there) and the state bucket.
    expect(roles[0].condition.expression).toBe(
      `resource.type != "storage.googleapis.com/Object" || (!resource.name.startsWith("projects/_/buckets/\${google_storage_bucket.${lake}.name}/") && !resource.name.startsWith("projects/_/buckets/${env.stateBackend.bucket}/"))`,
    );
  });

  it('lets the scheduler create serverless batches (a one-permission custom role), and Vertex AI pipeline jobs only while Vertex AI is enabled', () => {
    const roles = projectRolesOf(tf, ids.scheduler);
    const custom = (Object.entries(tf.resource.google_project_iam_custom_role ?? {}) as [string, Body][]).filter(
      ([name]) => name.startsWith('preprocessing_'),
    );
    expect(custom).toHaveLength(1);
    expect(custom[0][1].permissions).toEqual(['dataproc.batches.create']);
    expect(roles.map((m) => m.role).sort()).toEqual([
      `\${google_project_iam_custom_role.${custom[0][0]}.name}`,
      'roles/aiplatform.user',
    ]);
    expect(roles.find((m) => m.role === 'roles/aiplatform.user')!.count).toBe('${var.enable_vertex_ai ? 1 : 0}');
    expect(roles.find((m) => m.role !== 'roles/aiplatform.user')).not.toHaveProperty('count');
  });

  it('grants bucket access on the data lake: read everything, write only its own prefixes, never scripts/; nothing for the scheduler', () => {
    const bucket = `\${google_storage_bucket.${lake}.name}`;
    const grants = (resourcesOf(tf, 'google_storage_bucket_iam_member') as Body[]).filter((g) => g.bucket === bucket);
    const byMember = (id: string) => grants.filter((g) => g.member === accountRef(tf, id, 'member'));
    const writes = (id: string) =>
      byMember(id)
        .filter((g) => g.role === BUCKET_ROLES.readWrite)
        .map((g) => g.condition.expression);
    const under = (...prefixes: string[]) =>
      prefixes.map((p) => `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${p}/")`).join(' || ');
    for (const id of [ids.trainer, ids.worker]) {
      const reads = byMember(id).filter((g) => g.role === BUCKET_ROLES.read);
      expect(reads).toHaveLength(1);
      expect(reads[0]).not.toHaveProperty('condition');
    }
    expect(writes(ids.trainer)).toEqual([under('checkpoints', 'models', 'runs')]);
    expect(writes(ids.worker)).toEqual([under('processed-data')]);
    expect(byMember(ids.scheduler)).toEqual([]);
    expect(JSON.stringify(grants)).not.toContain('/objects/scripts/');
  });

  it('lets the scheduler act as the Dataproc worker and, while Vertex AI is on, the pipeline runner: on those accounts only', () => {
    const actAs = (resourcesOf(tf, 'google_service_account_iam_member') as Body[]).filter(
      (m) => m.member === accountRef(tf, ids.scheduler, 'member'),
    );
    expect(actAs).toEqual([
      {
        service_account_id: accountRef(tf, ids.worker, 'name'),
        role: 'roles/iam.serviceAccountUser',
        member: accountRef(tf, ids.scheduler, 'member'),
        depends_on: expect.any(Array),
      },
      expect.objectContaining({
        service_account_id: expect.stringMatching(
          /^\$\{one\(google_service_account\.vertex-pipeline_runner_account_\w+\[\*\]\.name\)\}$/,
        ),
        role: 'roles/iam.serviceAccountUser',
        count: '${var.enable_vertex_ai ? 1 : 0}',
      }),
    ]);
  });

  it('grants no basic role, no project-level act-as, and nothing authoritative', () => {
    for (const m of resourcesOf(tf, 'google_project_iam_member')) {
      expect(BASIC_ROLES).not.toContain(m.role);
      expect(ACT_AS_ROLES).not.toContain(m.role);
    }
    for (const [type] of allResources(tf)) expect(type).not.toMatch(/_iam_(binding|policy)$/);
  });

  it("outputs each identity's email", () => {
    expect(tf.output.tpu_trainer_service_account.value).toBe(accountRef(tf, ids.trainer, 'email'));
    expect(tf.output.dataproc_worker_service_account.value).toBe(accountRef(tf, ids.worker, 'email'));
    expect(tf.output.scheduler_service_account.value).toBe(accountRef(tf, ids.scheduler, 'email'));
  });
});

describe('WorkloadServiceAccounts (construct alone)', () => {
  function build() {
    const stack = new TerraformStack(Testing.app(), 's');
    const bucket = new FakeBucket();
    const ids = new WorkloadServiceAccounts(stack, 'ids', {
      projectId: 'p-test-123',
      namePrefix: 'abcdefghijkl',
      dataLake: bucket,
    });
    return { ids, bucket, tf: JSON.parse(Testing.synth(stack)) as TerraformJson };
  }

  it("grants through the bucket's own methods", () => {
    const { ids, bucket } = build();
    expect(bucket.grants).toEqual([
      { access: 'read', member: ids.tpuTrainer.member },
      { access: 'write', member: ids.tpuTrainer.member, prefixes: ['checkpoints', 'models', 'runs'] },
      { access: 'read', member: ids.dataprocWorker.member },
      {
        access: 'write',
        member: ids.dataprocWorker.member,
        prefixes: ['processed-data'],
      },
    ]);
  });

  it('fits the longest allowed prefix (12 characters) into 30-character account ids', () => {
    const { tf } = build();
    expect(
      resourcesOf(tf, 'google_service_account')
        .map((a) => a.account_id)
        .sort(),
    ).toEqual(['abcdefghijkl-dataproc-worker', 'abcdefghijkl-scheduler', 'abcdefghijkl-tpu-trainer']);
  });

  it('refuses a bad naming prefix with one line', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(
      () =>
        new WorkloadServiceAccounts(stack, 'ids', {
          projectId: 'p',
          namePrefix: 'tpu_dev',
          dataLake: new FakeBucket(),
        }),
    ).toThrow(/^s\/ids\.namePrefix="tpu_dev": not a valid naming prefix; allowed: 2-12 characters/);
  });
});

describe('roles/dataproc.worker with usage logs on', () => {
  const env = envConfig('staging', (e) => {
    e.bucket.accessLogs = true;
    e.bucket.dataAccessAuditLogs = false;
  });
  const { tf } = synthEnv(env);
  const logs = Object.entries(tf.resource.google_storage_bucket).find(([, b]) => b.name !== '${var.bucket_name}')!;

  it('is kept off the usage-log bucket too, so a batch cannot delete or forge the logs', () => {
    expect(logs[1].name).toMatch(/-logs\}?$/);
    const [role] = projectRolesOf(tf, `${env.namePrefix}-dataproc-worker`);
    expect(role.condition.expression).toContain(
      `!resource.name.startsWith("projects/_/buckets/\${google_storage_bucket.${logs[0]}.name}/")`,
    );
  });
});
