import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_SERVICES } from '../src/catalog';
import { ALERT_IDS } from '../constructs/monitoring';
import { architectureDoc, mermaidDiagram } from '../src/tools/delivery/diagram';
import { withSynthesizedStack } from '../src/tools/delivery/synth-one';
import { ROOT, synthWorkload } from './delivery-helpers';
import { committedStack } from './committed-stacks';
import { envConfig } from './helpers';

/** The node id the diagram gives a resource whose address is `address`. */
const node = (address: string) => `n_${address.replace(/[^A-Za-z0-9_]/g, '_')}`;

/** The lines inside `subgraph <id>[...]` ... `end` (nested subgraphs included), trimmed. */
function subgraph(diagram: string, groupId: string): string[] {
  const lines = diagram.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith(`subgraph ${groupId}[`));
  expect(start).toBeGreaterThanOrEqual(0);
  const indent = lines[start].slice(0, lines[start].length - lines[start].trimStart().length);
  const end = lines.findIndex((l, i) => i > start && l === `${indent}end`);
  return lines.slice(start + 1, end).map((l) => l.trim());
}

/** The sources of the arrows (`-->` or `-.->`) that point at `target`, sorted. */
function sourcesOf(diagram: string, target: string, arrow = '-->'): string[] {
  return diagram
    .split('\n')
    .map((l) => l.trim().split(` ${arrow} `))
    .filter((parts) => parts.length === 2 && parts[1] === target)
    .map(([from]) => from)
    .sort();
}

describe('mermaidDiagram of the dev stack (the workload fixture, real synth, with construct paths)', () => {
  const { tf } = synthWorkload();
  const diagram = mermaidDiagram(tf);
  const resources = tf.resource as Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>>;
  /** The node of the resource the construct at `path` (below the stack) made. */
  const at = (path: string): string => {
    const found = Object.entries(resources).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, body]) => body['//']?.metadata?.path === `dev/${path}`)
        .map(([name]) => `${type}.${name}`),
    );
    expect(found).toHaveLength(1);
    return node(found[0]);
  };
  const [
    bucket,
    script,
    vpc,
    subnet,
    vm,
    trainer,
    worker,
    scheduler,
    runner,
    tensorboard,
    vertexLauncher,
    prepSchedule,
  ] = [
    'data-lake/bucket',
    'preprocessing/script-object',
    'network/vpc',
    'network/subnet',
    'tpu/vm',
    'identities/tpu-trainer/account',
    'identities/dataproc-worker/account',
    'identities/scheduler/account',
    'vertex-pipeline/runner/account',
    'vertex-pipeline/tensorboard',
    'vertex-pipeline/launcher',
    'preprocessing/batch/schedule',
  ].map(at);

  it('is a flowchart with one subgraph per construct of the stack, each holding its own resources', () => {
    expect(diagram.split('\n')[0]).toBe('flowchart LR');
    const groups = diagram
      .split('\n')
      .filter((l) => l.trimStart().startsWith('subgraph '))
      .map((l) => l.trim());
    expect(groups).toEqual(GROUPS.map((g) => `subgraph g_${g.replace(/[/-]/g, '_')}["${g.split('/').pop()}"]`));
    expect(subgraph(diagram, 'g_data_lake')).toContain(`${bucket}["<b>bucket</b><br/><i>google_storage_bucket</i>"]`);
    expect(subgraph(diagram, 'g_tpu')).toEqual([`${vm}["<b>vm</b><br/><i>google_tpu_v2_vm</i><br/>if enable_tpu_vm"]`]);
    expect(subgraph(diagram, 'g_identities_tpu_trainer')[0]).toBe(
      `${trainer}["<b>account</b><br/><i>google_service_account</i>"]`,
    );
    expect(subgraph(diagram, 'g_preprocessing').join('\n')).toContain(
      `${script}["<b>script-object</b><br/><i>google_storage_bucket_object</i>"]`,
    );
  });

  it('draws the TPU VM as referring to the tpu-trainer account, the subnet, the network and the bucket, and nothing refers back', () => {
    expect(sourcesOf(diagram, vm)).toEqual([bucket, subnet, trainer, vpc].sort());
    expect(diagram).not.toMatch(new RegExp(`${vm} -`));
    expect(sourcesOf(diagram, subnet)).toEqual([vpc]);
  });

  it("draws each construct's IAM grants as one node, referring to what they grant on and to whom", () => {
    expect(subgraph(diagram, 'g_data_lake')).toContain(
      // Trainer and worker: read the whole bucket, write their own prefixes (conditioned objectUser).
      'iam_data_lake["4 IAM grants<br/><i>google_storage_bucket_iam_member</i><br/>storage.objectUser, storage.objectViewer"]',
    );
    expect(sourcesOf(diagram, 'iam_data_lake')).toEqual([bucket, trainer, worker].sort());
    expect(sourcesOf(diagram, 'iam_identities_tpu_trainer')).toEqual([trainer]);
    expect(subgraph(diagram, 'g_identities_tpu_trainer')).toContain(
      'iam_identities_tpu_trainer["2 IAM grants<br/><i>google_project_iam_member</i><br/>logging.logWriter, monitoring.metricWriter"]',
    );
    // The scheduler may act as the Dataproc worker, and create batches through the template's custom role
    // only; the worker's roles/dataproc.worker is conditioned off the data lake's objects (hence the bucket).
    expect(sourcesOf(diagram, 'iam_identities_dataproc_worker')).toEqual([bucket, scheduler, worker].sort());
    expect(subgraph(diagram, 'g_preprocessing_batch')).toContain(
      'iam_preprocessing_batch["1 IAM grant<br/><i>google_project_iam_member</i><br/>custom invoker-role"]',
    );
    expect(diagram).not.toMatch(/n_google_[a-z_]+_iam_member_/);
  });

  it("draws both scheduler jobs as the scheduler's, each created after the grants it needs (dotted)", () => {
    expect(sourcesOf(diagram, prepSchedule)).toEqual([scheduler]);
    // The preprocessing job's grants: batch creation (its own) and act-as on the worker (on the worker's
    // account); and the network's Dataproc firewall rule, without which the executors cannot talk.
    expect(sourcesOf(diagram, prepSchedule, '-.->')).toEqual(
      [script, 'iam_identities_dataproc_worker', 'iam_preprocessing_batch', at('network/allow-internal')].sort(),
    );
    expect(sourcesOf(diagram, vertexLauncher)).toEqual([scheduler]);
    // Also after the training runs' grants (the runner's TPU roles), so a first run finds them.
    expect(sourcesOf(diagram, vertexLauncher, '-.->')).toEqual([
      'iam_training',
      'iam_vertex_pipeline',
      'iam_vertex_pipeline_runner',
    ]);
    expect(sourcesOf(diagram, script)).toEqual([bucket]);
  });

  it('marks every toggled node (Vertex AI, training, monitoring, the development VM) with its variable, and no other node', () => {
    const nodes = (lines: string[]) => lines.filter((l) => /^(n|iam|apis)_\w+\[/.test(l));
    const vertex = nodes(subgraph(diagram, 'g_vertex_pipeline'));
    const training = nodes(subgraph(diagram, 'g_training'));
    const monitoring = nodes(subgraph(diagram, 'g_monitoring'));
    const devVm = nodes(subgraph(diagram, 'g_tpu'));
    expect(vertex).toHaveLength(8); // with the janitor's launcher
    expect(training.length).toBeGreaterThan(0);
    // The dashboard, one policy per alert id, one channel per configured address.
    expect(monitoring).toHaveLength(1 + ALERT_IDS.length + envConfig('dev').monitoring.notificationEmails.length);
    expect(devVm).toHaveLength(1);
    for (const l of [...vertex, ...training]) expect(l).toMatch(/<br\/>if enable_vertex_ai"\]$/);
    for (const l of monitoring) expect(l).toMatch(/<br\/>if enable_monitoring"\]$/);
    for (const l of devVm) expect(l).toMatch(/<br\/>if enable_tpu_vm"\]$/);
    const toggled = [...vertex, ...training, ...monitoring, ...devVm];
    const others = nodes(diagram.split('\n').map((l) => l.trim())).filter((l) => !toggled.includes(l));
    expect(others.length).toBeGreaterThan(15);
    for (const l of others) expect(l).not.toContain('if enable_');
    expect(vertex).toContain(
      `${tensorboard}["<b>tensorboard</b><br/><i>google_vertex_ai_tensorboard</i><br/>if enable_vertex_ai"]`,
    );
    expect(vertex).toContain(`${runner}["<b>account</b><br/><i>google_service_account</i><br/>if enable_vertex_ai"]`);
    expect(vertex).toContain(
      'iam_vertex_pipeline["6 IAM grants<br/><i>google_artifact_registry_repository_iam_member, google_project_iam_member, google_service_account_iam_member, google_storage_bucket_iam_member</i><br/>aiplatform.user, artifactregistry.reader, iam.serviceAccountUser, storage.objectUser<br/>if enable_vertex_ai"]',
    );
  });

  it("shows the APIs as one node, counting the stack's REQUIRED_SERVICES, and leaves out the dependencies on them", () => {
    const names = REQUIRED_SERVICES.map((s) => s.replace(/\.googleapis\.com$/, '')).sort();
    expect(subgraph(diagram, 'g_services')).toEqual([
      `apis_services["${REQUIRED_SERVICES.length} APIs<br/><i>google_project_service</i><br/>${names.join(', ')}"]`,
    ]);
    expect(diagram).not.toMatch(/apis_services -|--> apis_|-\.-> apis_/);
    expect(diagram).not.toContain('google_project_service_');
  });

  it('is the same every time', () => {
    expect(mermaidDiagram(synthWorkload().tf)).toBe(diagram);
  });
});

/** The constructs of the dev stack, as the diagram's subgraphs in their order (nested ones after their parent). */
const GROUPS = [
  'data-lake',
  'identities',
  'identities/dataproc-worker',
  'identities/scheduler',
  'identities/tpu-trainer',
  'monitoring',
  // no monitoring/channels: the committed dev environment has no notification address
  'network',
  'preprocessing',
  'preprocessing/batch',
  'services',
  'tpu',
  'training',
  'vertex-pipeline',
  'vertex-pipeline/runner',
];

describe('mermaidDiagram on hand-made JSON', () => {
  it('draws explicit depends_on as dotted arrows, data sources as such, and works without metadata', () => {
    const diagram = mermaidDiagram({
      data: { google_project: { current: {} } },
      resource: {
        google_storage_bucket: { lake: { name: '${data.google_project.current.project_id}-lake' } },
        google_dataproc_batch: {
          prep: {
            count: '${var.enable_dataproc ? 1 : 0}',
            depends_on: ['google_storage_bucket.lake'],
            location: 'us-central1',
          },
        },
        google_tpu_v2_vm: {
          vm: {
            depends_on: ['google_storage_bucket.lake'],
            metadata: { bucket: '${one(google_storage_bucket.lake[*].name)}' },
          },
        },
      },
    });
    expect(diagram).toContain('n_data_google_project_current["<b>current</b><br/><i>data google_project</i>"]');
    expect(diagram).toContain('n_data_google_project_current --> n_google_storage_bucket_lake');
    expect(diagram).toContain('n_google_storage_bucket_lake -.-> n_google_dataproc_batch_prep');
    expect(diagram).toContain('n_google_storage_bucket_lake --> n_google_tpu_v2_vm_vm');
    expect(diagram).not.toContain('n_google_storage_bucket_lake -.-> n_google_tpu_v2_vm_vm');
    expect(diagram).toContain('if enable_dataproc');
    expect(diagram).not.toContain('subgraph');
  });
});

describe('IAM grants on hand-made JSON (with construct paths)', () => {
  const meta = (path: string) => ({ '//': { metadata: { path: `s/${path}` } } });
  const diagram = mermaidDiagram({
    resource: {
      google_storage_bucket: { lake_bucket: { ...meta('lake/bucket'), name: 'b' } },
      google_service_account: {
        ids_a: { ...meta('ids/a'), account_id: 'a' },
        ids_b: { ...meta('ids/b'), account_id: 'b' },
      },
      google_project_iam_custom_role: {
        lake_role: { ...meta('lake/reader-role'), permissions: ['storage.objects.get'] },
      },
      google_project_iam_member: {
        lake_custom: {
          ...meta('lake/custom'),
          depends_on: ['google_storage_bucket.lake_bucket'],
          role: '${google_project_iam_custom_role.lake_role.name}',
          member: '${google_service_account.ids_a.member}',
        },
      },
      google_storage_bucket_iam_member: {
        lake_read: {
          ...meta('lake/read'),
          bucket: '${google_storage_bucket.lake_bucket.name}',
          role: 'roles/storage.objectViewer',
          member: '${google_service_account.ids_a.member}',
        },
        lake_write: {
          ...meta('lake/write'),
          count: '${var.enable_x ? 1 : 0}',
          bucket: '${google_storage_bucket.lake_bucket.name}',
          role: 'roles/storage.objectUser',
          member: '${google_service_account.ids_b.member}',
        },
      },
      google_cloud_scheduler_job: {
        lake_job: {
          ...meta('lake/job'),
          depends_on: ['google_project_iam_member.lake_custom', 'google_storage_bucket_iam_member.lake_read'],
          name: 'j',
        },
      },
    },
  });

  it('are one node per construct: count, types, distinct roles (custom roles by name), and toggles held by some only', () => {
    expect(subgraph(diagram, 'g_lake')).toContain(
      'iam_lake["3 IAM grants<br/><i>google_project_iam_member, google_storage_bucket_iam_member</i><br/>custom reader-role, storage.objectUser, storage.objectViewer<br/>some if enable_x"]',
    );
    expect(diagram).not.toContain('n_google_storage_bucket_iam_member_');
    expect(diagram).not.toContain('n_google_project_iam_member_');
  });

  it('carry the arrows of every grant once, a reference winning over a depends_on between the same nodes', () => {
    expect(sourcesOf(diagram, 'iam_lake')).toEqual([
      'n_google_project_iam_custom_role_lake_role',
      'n_google_service_account_ids_a',
      'n_google_service_account_ids_b',
      'n_google_storage_bucket_lake_bucket',
    ]);
    expect(sourcesOf(diagram, 'iam_lake', '-.->')).toEqual([]);
    expect(
      diagram.split('\n').filter((l) => l.trim() === 'iam_lake -.-> n_google_cloud_scheduler_job_lake_job'),
    ).toHaveLength(1);
  });
});

describe('docs/architecture.md', () => {
  it('is generated from the dev stack as it is now (run `npm run diagram` after changing a stack)', () => {
    const expected = withSynthesizedStack('dev', {}, (_dir, tf) => architectureDoc('dev', tf));
    expect(readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8')).toBe(expected);
  });

  it('counts what it shows: every resource and data source, and the constructs that hold one', () => {
    const { tf } = synthWorkload();
    const doc = architectureDoc('dev', tf);
    expect(doc).toMatch(/^# Architecture \(dev\)\n/);
    expect(doc).toContain('```mermaid\nflowchart LR\n');
    const count = (blocks: unknown) =>
      Object.values((blocks ?? {}) as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(count(tf.resource)).toBeGreaterThan(50);
    // Every subgraph but `identities`, which holds only the three identities' own constructs.
    expect(doc).toContain(
      `Resources and data sources: ${count(tf.resource) + count(tf.data)}; constructs: ${GROUPS.length - 1}.`,
    );
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/architecture.md)');
  });

  it('needs the real synth: Testing.synth drops the construct paths', () => {
    expect(mermaidDiagram(committedStack('dev').tf)).not.toContain('subgraph g_services');
  });
});
