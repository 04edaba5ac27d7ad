import { WORKLOAD_WRITE_PREFIXES } from '../constructs/contracts';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { spawnSync } from 'child_process';
import { TerraformResource, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { CAPACITY_MODES, CapacityMode } from '../src/config';
import { InputError } from '../src/core/errors';
import { TpuV6eNode, TpuV6eNodeProps } from '../constructs/tpu';
import { envConfig } from './helpers';
import { EnvironmentStack } from '../stacks/environment-stack';
import { FakeBucket, fakeNetwork, fakeServiceAccount } from './fakes';

type Json = Record<string, any>;

const SA = fakeServiceAccount('tpu-dev-trainer');

function baseProps(change: Partial<TpuV6eNodeProps> = {}): TpuV6eNodeProps {
  return {
    projectId: 'p-test-123',
    name: 'tpu-dev-trainer',
    zone: 'us-central1-b',
    acceleratorType: 'v6e-8',
    capacity: 'on-demand',
    network: fakeNetwork(),
    serviceAccount: SA,
    dataLake: new FakeBucket(),
    ...change,
  };
}

function synth(props: TpuV6eNodeProps, outputs = true) {
  const stack = new TerraformStack(Testing.app(), 's');
  new GoogleProvider(stack, 'google', {});
  new GoogleBetaProvider(stack, 'google-beta', {});
  const tpu = new TpuV6eNode(stack, 'tpu', props);
  if (outputs) tpu.addOutputs();
  const tf = JSON.parse(Testing.synth(stack)) as Json;
  return { tf, tpu };
}

const vmOf = (tf: Json): Json => Object.values(tf.resource.google_tpu_v2_vm as Json)[0] as Json;
const output = (tf: Json, name: string): string => tf.output[name].value as string;

function refusal(props: TpuV6eNodeProps): string {
  try {
    synth(props);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

const SLICES = [
  ['v6e-4', 1],
  ['v6e-16', 2],
] as const;

describe.each(CAPACITY_MODES.flatMap((c) => SLICES.map(([s, hosts]) => [c, s, hosts] as const)))(
  'TpuV6eNode, %s %s',
  (capacity, acceleratorType, hosts) => {
    const bucket = new FakeBucket('tpu-train-dev-data-lake');
    const { tf, tpu } = synth(baseProps({ capacity: capacity as CapacityMode, acceleratorType, dataLake: bucket }));
    const vm = vmOf(tf);

    it('is one google_tpu_v2_vm from google-beta, with the catalog runtime', () => {
      expect(Object.keys(tf.resource.google_tpu_v2_vm)).toHaveLength(1);
      expect(tf.resource).not.toHaveProperty('google_tpu_v2_queued_resource');
      expect(tf.resource).not.toHaveProperty('google_tpu_node');
      expect(vm).toMatchObject({
        provider: 'google-beta',
        name: 'tpu-dev-trainer',
        zone: 'us-central1-b',
        project: 'p-test-123',
        accelerator_type: acceleratorType,
        runtime_version: 'v2-alpha-tpuv6e',
      });
    });

    it('has internal IPs only, on the given network and subnet', () => {
      expect(vm.network_config).toEqual({
        network: 'projects/p-test-123/global/networks/fake-vpc',
        subnetwork: 'projects/p-test-123/regions/us-central1/subnetworks/fake-subnet',
        enable_external_ips: false,
        can_ip_forward: false,
      });
    });

    it('runs as the workload account with explicit scopes, and may write the data lake', () => {
      expect(vm.service_account).toEqual({
        email: SA.email,
        scope: ['https://www.googleapis.com/auth/cloud-platform'],
      });
      expect(bucket.grants).toEqual([
        { access: 'read', member: SA.member },
        { access: 'write', member: SA.member, prefixes: ['checkpoints', 'models', 'runs'] },
      ]);
    });

    it(`asks for ${capacity} capacity`, () => {
      const expected = { 'on-demand': undefined, spot: { spot: true }, reserved: { reserved: true } }[capacity];
      expect(vm.scheduling_config).toEqual(expected);
      expect(vm.lifecycle).toEqual({
        ignore_changes: ['metadata["ssh-keys"]', ...(capacity === 'spot' ? ['scheduling_config[0].preemptible'] : [])],
      });
    });

    it('mounts the data lake bucket from its startup script', () => {
      const script = vm.metadata['startup-script'] as string;
      expect(script).toContain('MOUNT_DIR="/mnt/data-lake"');
      expect(script).toContain('BUCKET="tpu-train-dev-data-lake"');
      expect(script).toMatch(/gcsfuse --config-file "\$CONFIG" .* "\$BUCKET" "\$MOUNT_DIR"/);
      expect(tpu.mountPath).toBe('/mnt/data-lake');
    });

    it('says in its outputs that commands reach all workers', () => {
      for (const name of ['tpu_copy_code_command', 'tpu_start_training_command'])
        expect(output(tf, name)).toContain('--worker=all');
      expect(output(tf, 'tpu_workers')).toContain(hosts > 1 ? `${hosts} hosts` : '1 host');
      expect(tpu.slice?.hosts).toBe(hosts);
    });
  },
);

describe('TpuV6eNode startup script', () => {
  const { tf } = synth(baseProps());
  const script = vmOf(tf).metadata['startup-script'] as string;

  it('is valid bash', () => {
    const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('has no Terraform interpolation or directive of its own', () => {
    expect(script).not.toContain('${');
    expect(script).not.toContain('%{');
  });

  it("downloads only from Google's package repository", () => {
    const urls = script.match(/https?:\/\/[^\s"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^https:\/\/packages\.cloud\.google\.com\//);
  });

  it('sizes the file cache from the host memory and exposes the bucket paths', () => {
    expect(script).toContain('CACHE_PERCENT=25');
    expect(script).toContain('/proc/meminfo');
    expect(script).toContain('max-size-mb: $MAX_CACHE_MB');
    for (const line of [
      'RAW_DATA_DIR=$MOUNT_DIR/raw-data',
      'PROCESSED_DATA_DIR=$MOUNT_DIR/processed-data',
      'CHECKPOINT_DIR=$MOUNT_DIR/checkpoints',
      'MODEL_DIR=$MOUNT_DIR/models',
      'CHECKPOINT_URI=gs://$BUCKET/checkpoints',
    ]) {
      expect(script).toContain(line);
    }
    expect(script).toContain('/etc/profile.d/data-lake.sh');
  });

  it('takes the cache share from props', () => {
    const s = vmOf(synth(baseProps({ fileCacheMemoryPercent: 40 })).tf).metadata['startup-script'] as string;
    expect(s).toContain('CACHE_PERCENT=40');
  });
});

describe('TpuV6eNode outputs', () => {
  const { tf, tpu } = synth(
    baseProps({ trainingCodeDir: 'src/train', trainingCommand: 'python3 -m trainer --steps 1000' }),
  );

  it('fill in the copy, start and data steps for this TPU', () => {
    expect(output(tf, 'tpu_copy_code_command')).toBe(
      'gcloud alpha compute tpus tpu-vm scp --recurse src/train tpu-dev-trainer:~/ --project=p-test-123 --zone=us-central1-b --tunnel-through-iap --worker=all',
    );
    expect(output(tf, 'tpu_start_training_command')).toBe(
      'gcloud alpha compute tpus tpu-vm ssh tpu-dev-trainer --project=p-test-123 --zone=us-central1-b --tunnel-through-iap --worker=all --command=\'sudo rm -rf /srv/training/train && sudo cp -r ~/train /srv/training/ && sudo chown -R training: /srv/training/train && sudo -u training -H bash -c "set -a && . /etc/data-lake.env && set +a && cd /srv/training/train && nohup python3 -m trainer --steps 1000 > /srv/training/train.log 2>&1 &"\'',
    );
    expect(output(tf, 'tpu_follow_log_command')).toContain("--command='sudo tail -n 50 -f /srv/training/train.log'");
    expect(output(tf, 'tpu_data_locations')).toContain('owned by the user training (training runs as it)');
    expect(output(tf, 'tpu_data_locations')).toContain(
      'CHECKPOINT_DIR=/mnt/data-lake/checkpoints (gs://fake-data-lake/checkpoints)',
    );
    expect(output(tf, 'tpu_data_locations')).toContain(
      'RAW_DATA_DIR=/mnt/data-lake/raw-data (gs://fake-data-lake/raw-data)',
    );
    expect(tf.output).not.toHaveProperty('tpu_setup_command');
    expect(tpu.manualSteps.copyCodeCommand).toBe(output(tf, 'tpu_copy_code_command'));
  });

  it("passes the training command to the training user's shell as written ($ and quotes included)", () => {
    const command = 'python3 train.py --ckpt=$CHECKPOINT_DIR --note="a b" `true`';
    const { tpu: t } = synth(baseProps({ trainingCommand: command }), false);
    const remote = /--command='(.*)'$/.exec(t.manualSteps.startTrainingCommand)![1];
    const inner = /bash -c (".*")$/.exec(remote)![1];
    // What the SSH user's shell hands to `bash -c` as its one argument:
    const seen = spawnSync('bash', ['-c', `printf '%s' ${inner}`], { encoding: 'utf8' }).stdout;
    expect(seen).toBe(
      `set -a && . /etc/data-lake.env && set +a && cd /srv/training/train && nohup ${command} > /srv/training/train.log 2>&1 &`,
    );
  });

  it('are not created unless asked for', () => {
    expect(synth(baseProps(), false).tf.output).toBeUndefined();
  });
});

describe('TpuV6eNode options', () => {
  it('can leave the bucket grant to the caller', () => {
    const bucket = new FakeBucket();
    synth(baseProps({ dataLake: bucket, grantBucketAccess: false }));
    expect(bucket.grants).toEqual([]);
  });

  it('keeps its startup script over extra metadata, and sets labels, tags, secure boot and prevent_destroy', () => {
    const vm = vmOf(
      synth(
        baseProps({
          metadata: { 'enable-oslogin': 'TRUE' },
          labels: { team: 'ml' },
          networkTags: ['tpu-worker'],
          secureBoot: true,
          preventDestroy: true,
        }),
      ).tf,
    );
    expect(vm.metadata['enable-oslogin']).toBe('TRUE');
    expect(vm.metadata['startup-script']).toContain('gcsfuse');
    expect(vm.labels).toEqual({ team: 'ml' });
    expect(vm.tags).toEqual(['fake-tpu', 'tpu-worker']);
    expect(vm.shielded_instance_config).toEqual({ enable_secure_boot: true });
    expect(vm.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['metadata["ssh-keys"]'] });
    const q = synth(
      baseProps({
        provisioning: 'queued',
        serviceAccount: undefined,
        acceptComputeDefaultServiceAccount: true,
        preventDestroy: true,
      }),
    ).tf;
    expect((Object.values(q.resource.google_tpu_v2_queued_resource)[0] as Json).lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  it("carries the network's TPU tag, which its firewall rules target, even with no tags of its own", () => {
    expect(vmOf(synth(baseProps()).tf).tags).toEqual(['fake-tpu']);
    expect(vmOf(synth(baseProps({ networkTags: ['fake-tpu'] })).tf).tags).toEqual(['fake-tpu']);
  });

  it('has no Shielded VM block by default, and a lifecycle that only ignores the keys gcloud writes', () => {
    const vm = vmOf(synth(baseProps()).tf);
    expect(vm).not.toHaveProperty('shielded_instance_config');
    expect(vm.lifecycle).toEqual({ ignore_changes: ['metadata["ssh-keys"]'] });
  });

  it('turns OS Login on, so SSH access is by IAM role; extra metadata may turn it off', () => {
    expect(vmOf(synth(baseProps()).tf).metadata['enable-oslogin']).toBe('TRUE');
    expect(vmOf(synth(baseProps({ metadata: { 'enable-oslogin': 'FALSE' } })).tf).metadata['enable-oslogin']).toBe(
      'FALSE',
    );
  });

  it('passes Terraform tokens through unvalidated', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new GoogleBetaProvider(stack, 'google-beta', {});
    const v = (name: string) => new TerraformVariable(stack, name, { type: 'string' }).stringValue;
    new TpuV6eNode(
      stack,
      'tpu',
      baseProps({
        name: v('tpu_name'),
        zone: v('zone'),
        acceleratorType: v('tpu_accelerator_type'),
        dataLake: new FakeBucket(v('bucket_name')),
      }),
    );
    const vm = vmOf(JSON.parse(Testing.synth(stack)));
    expect(vm).toMatchObject({
      name: '${var.tpu_name}',
      zone: '${var.zone}',
      accelerator_type: '${var.tpu_accelerator_type}',
    });
    expect(vm.metadata['startup-script']).toContain('BUCKET="${var.bucket_name}"');
  });
});

describe('TpuV6eNode in an environment stack', () => {
  // The stack wires its own TPU (`stack.tpu`, construct id `tpu`) with its network, identities and data lake.
  const stack = new EnvironmentStack(Testing.app(), envConfig('dev'));
  const tf = JSON.parse(Testing.synth(stack)) as Json;
  const vm = vmOf(tf);
  const ref = (r: TerraformResource, attr: string) => `\${${r.terraformResourceType}.${r.friendlyUniqueId}.${attr}}`;

  it("is the only TPU, the stack's own, from the stack google-beta provider, reading the stack inputs", () => {
    expect(Object.keys(tf.resource.google_tpu_v2_vm)).toEqual([stack.tpu?.vm?.friendlyUniqueId]);
    expect(vm).toMatchObject({
      provider: 'google-beta',
      project: '${var.project_id}',
      name: '${var.tpu_name}',
      zone: '${var.zone}',
      accelerator_type: '${var.tpu_accelerator_type}',
      scheduling_config: { spot: true },
    });
    expect(output(tf, 'tpu_copy_code_command')).toContain(
      '${var.tpu_name}:~/ --project=${var.project_id} --zone=${var.zone}',
    );
  });

  it("attaches to the stack network, runs as the stack's TPU trainer identity and mounts the stack's data lake", () => {
    const subnet = stack.network.node.findChild('subnet') as TerraformResource;
    const vpc = stack.network.node.findChild('vpc') as TerraformResource;
    expect(vm.network_config).toEqual({
      network: ref(vpc, 'id'),
      subnetwork: ref(subnet, 'id'),
      enable_external_ips: false,
      can_ip_forward: false,
    });
    expect(vm.service_account.email).toBe(ref(stack.identities.tpuTrainer.account, 'email'));
    expect(vm.metadata['startup-script']).toContain(`BUCKET="${ref(stack.dataLake.bucket, 'name')}"`);
  });

  it('reads the whole data lake it mounts and writes checkpoints/, models/ and runs/ only, never scripts/', () => {
    const trainer = ref(stack.identities.tpuTrainer.account, 'member');
    const grants = Object.values(tf.resource.google_storage_bucket_iam_member as Json).filter(
      (g: Json) => g.member === trainer,
    );
    const bucket = ref(stack.dataLake.bucket, 'name');
    const objects = (p: string) => `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${p}/")`;
    expect(grants).toEqual([
      expect.objectContaining({ bucket, role: 'roles/storage.objectViewer', member: trainer }),
      expect.objectContaining({
        bucket,
        role: 'roles/storage.objectUser',
        member: trainer,
        condition: {
          title: 'checkpoints, models, runs only',
          description: 'Objects under checkpoints/, models/, runs/ of the data lake',
          expression: [objects('checkpoints'), objects('models'), objects('runs')].join(' || '),
        },
      }),
    ]);
    expect(grants[0]).not.toHaveProperty('condition');
    expect(JSON.stringify(grants)).not.toContain('/objects/scripts/');
  });

  it('gets the standard labels and waits for the TPU API', () => {
    expect(vm.labels).toMatchObject({ environment: 'dev', component: 'tpu', 'managed-by': 'cdktf' });
    expect(vm.depends_on).toContainEqual(expect.stringMatching(/^google_project_service\.services_tpu_\w+$/));
  });

  const address = (r: TerraformResource) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
  const trainer = stack.identities.tpuTrainer;
  const grants = [
    stack.dataLake.grantRead(trainer),
    stack.dataLake.grantWrite(trainer, WORKLOAD_WRITE_PREFIXES.tpuTrainer),
  ];
  const sleeps = Object.entries((tf.resource.time_sleep ?? {}) as Record<string, Json>);

  it("waits 60 s after its account, the account's project roles and its data lake grant are made (IAM is eventually consistent)", () => {
    expect(sleeps).toHaveLength(1);
    const [name, sleep] = sleeps[0];
    expect(sleep.create_duration).toBe('60s');
    expect(sleep.triggers).toEqual({ account_unique_id: ref(trainer.account, 'unique_id') });
    const roleGrants = trainer.node.findAll().filter((c): c is ProjectIamMember => c instanceof ProjectIamMember);
    expect([...sleep.depends_on].sort()).toEqual(
      [address(trainer.account), ...roleGrants.map(address), ...grants.map(address)].sort(),
    );
    const roles = roleGrants.map((g) => (tf.resource.google_project_iam_member as Json)[g.friendlyUniqueId].role);
    expect(roles).toEqual(['roles/logging.logWriter', 'roles/monitoring.metricWriter']);
    expect(vm.depends_on).toContain(`time_sleep.${name}`);
  });

  it('waits for the data lake grant its startup script mounts with, and for the NAT it installs gcsfuse through', () => {
    for (const grant of grants) expect(vm.depends_on).toContain(address(grant));
    expect(stack.network.nat).toBeDefined();
    expect(vm.depends_on).toContain(address(stack.network.nat!));
  });
});

describe('TpuV6eNode queued mode', () => {
  const bucket = new FakeBucket();
  const { tf, tpu } = synth(
    baseProps({
      provisioning: 'queued',
      serviceAccount: undefined,
      acceptComputeDefaultServiceAccount: true,
      acceleratorType: 'v6e-16',
      dataLake: bucket,
    }),
  );
  const qr = Object.values(tf.resource.google_tpu_v2_queued_resource as Json)[0] as Json;

  it('is one google_tpu_v2_queued_resource from google-beta, with internal IPs only', () => {
    expect(tf.resource).not.toHaveProperty('google_tpu_v2_vm');
    expect(qr).toMatchObject({
      provider: 'google-beta',
      name: 'tpu-dev-trainer-qr',
      zone: 'us-central1-b',
      project: 'p-test-123',
    });
    expect(qr.tpu.node_spec).toEqual([
      {
        parent: 'projects/p-test-123/locations/us-central1-b',
        node_id: 'tpu-dev-trainer',
        node: {
          accelerator_type: 'v6e-16',
          runtime_version: 'v2-alpha-tpuv6e',
          description: 'Cloud TPU v6e-16 for training',
          network_config: {
            network: 'projects/p-test-123/global/networks/fake-vpc',
            subnetwork: 'projects/p-test-123/regions/us-central1/subnetworks/fake-subnet',
            enable_external_ips: false,
            can_ip_forward: false,
          },
        },
      },
    ]);
    expect(bucket.grants).toEqual([]);
  });

  it('gives the setup and wait steps in its outputs, for all workers', () => {
    expect(output(tf, 'tpu_wait_for_capacity_command')).toContain(
      'gcloud compute tpus queued-resources describe tpu-dev-trainer-qr',
    );
    expect(output(tf, 'tpu_setup_command')).toContain('terraform output -raw tpu_data_lake_setup_script');
    expect(output(tf, 'tpu_setup_command')).toContain("--worker=all --command='sudo bash ~/data-lake-setup.sh'");
    expect(output(tf, 'tpu_data_lake_setup_script')).toBe(tpu.startupScript);
    expect(tpu.startupScript).toContain('BUCKET="fake-data-lake"');
  });
});

describe('TpuV6eNode refusals', () => {
  const queued = (change: Partial<TpuV6eNodeProps>) =>
    baseProps({
      provisioning: 'queued',
      serviceAccount: undefined,
      acceptComputeDefaultServiceAccount: true,
      ...change,
    });

  it.each([
    [
      'spot',
      'capacity="spot": google_tpu_v2_queued_resource (google-beta 6.50) cannot request spot capacity; allowed: capacity "on-demand" with provisioning "queued", or provisioning "direct"',
    ],
    [
      'reserved',
      'capacity="reserved": google_tpu_v2_queued_resource (google-beta 6.50) cannot request a reservation; allowed: capacity "on-demand" with provisioning "queued", or provisioning "direct"',
    ],
  ])('queued + %s', (capacity, message) => {
    expect(refusal(queued({ capacity: capacity as CapacityMode }))).toBe(`s/tpu.${message}`);
  });

  it('queued + a service account', () => {
    expect(refusal(queued({ serviceAccount: SA }))).toBe(
      `s/tpu.serviceAccount="${SA.email}": google_tpu_v2_queued_resource (google-beta 6.50) cannot set a service account (the node runs as the Compute Engine default account); allowed: no serviceAccount with provisioning "queued", or provisioning "direct"`,
    );
  });

  it('queued without accepting the Compute Engine default account', () => {
    expect(refusal(queued({ acceptComputeDefaultServiceAccount: undefined }))).toMatch(
      /^s\/tpu\.acceptComputeDefaultServiceAccount=undefined: .*cannot set a service account: the node would run as the Compute Engine default account, and the startup script \(metadata\) cannot be attached; allowed: true/,
    );
  });

  it('queued + labels, metadata, tags, scopes, secure boot, bucket grant: one line each', () => {
    const lines = refusal(
      queued({
        labels: { team: 'ml' },
        metadata: { a: 'b' },
        networkTags: ['t1'],
        scopes: ['https://www.googleapis.com/auth/cloud-platform'],
        secureBoot: true,
        grantBucketAccess: true,
      }),
    ).split('\n');
    expect(lines.map((l) => l.replace(/=.*/, ''))).toEqual([
      's/tpu.scopes',
      's/tpu.labels',
      's/tpu.metadata',
      's/tpu.networkTags',
      's/tpu.secureBoot',
      's/tpu.grantBucketAccess',
    ]);
    for (const l of lines) expect(l).toMatch(/; allowed: .*or provisioning "direct"$/);
  });

  it('direct without a service account', () => {
    expect(refusal(baseProps({ serviceAccount: undefined }))).toBe(
      `s/tpu.serviceAccount="undefined": missing: the TPU would run as the Compute Engine default service account; allowed: the workload's own IServiceAccount`,
    );
  });

  it('the Compute Engine default account', () => {
    const computeDefault = { ...SA, email: '123456789012-compute@developer.gserviceaccount.com' };
    expect(refusal(baseProps({ serviceAccount: computeDefault }))).toBe(
      's/tpu.serviceAccount="123456789012-compute@developer.gserviceaccount.com": the Compute Engine default service account (broad project rights); allowed: the workload\'s own service account',
    );
  });

  it('empty or malformed scopes', () => {
    expect(refusal(baseProps({ scopes: [] }))).toContain(
      's/tpu.scopes="[]": empty (an empty list allows every Cloud API)',
    );
    expect(refusal(baseProps({ scopes: ['cloud-platform'] }))).toContain(
      's/tpu.scopes="cloud-platform": not an OAuth scope URL',
    );
  });

  it('the accept flag in direct mode', () => {
    expect(refusal(baseProps({ acceptComputeDefaultServiceAccount: true }))).toContain(
      'acceptComputeDefaultServiceAccount=true: applies to provisioning "queued" only',
    );
  });

  it.each([
    [{ zone: 'us-central2-b' }, 's/tpu.zone="us-central2-b": offers TPU v4 only; allowed: us-central1-b, us-east1-d'],
    [{ zone: 'us-central1-a' }, 's/tpu.zone="us-central1-a": not a zone that offers TPU v6e; allowed: us-central1-b'],
    [
      { zone: 'europe-west4-a' },
      's/tpu.zone="europe-west4-a": not in the subnet\'s region us-central1; allowed: us-central1-b, us-central1-ai1a',
    ],
    [
      { zone: 'us-central1-ai1a' },
      's/tpu.zone="us-central1-ai1a": an AI zone (pre-reserved capacity only, with AI-zone visibility on): cannot serve capacity "on-demand"; allowed: us-central1-b',
    ],
    [
      { zone: 'us-east4-a', capacity: 'spot' },
      's/tpu.zone="us-east4-a": single-tenant for v6e (reserved capacity only): cannot serve capacity "spot"; allowed: a zone that serves spot: us-central1-b,',
    ],
    [
      { acceleratorType: 'v6e-2' },
      's/tpu.acceleratorType="v6e-2": not a TPU v6e slice; allowed: v6e-1, v6e-4, v6e-8, v6e-16, v6e-32, v6e-64, v6e-128, v6e-256',
    ],
    [{ acceleratorType: 'v5litepod-8' }, 's/tpu.acceleratorType="v5litepod-8": not a TPU v6e slice'],
    [{ name: 'TPU_1' }, 's/tpu.name="TPU_1": not a valid TPU node name; allowed: 1-63 characters'],
    [
      { capacity: 'preemptible' as CapacityMode },
      's/tpu.capacity="preemptible": not a capacity mode; allowed: on-demand, spot, reserved',
    ],
    [
      { metadata: { 'startup-script': 'echo hi' } },
      's/tpu.metadata.startup-script="...": set by this construct (the data lake mount); allowed: other metadata keys',
    ],
    [
      { metadata: { 'ssh-keys': 'me:ssh-ed25519 AAAA me' } },
      's/tpu.metadata.ssh-keys="...": written by gcloud tpu-vm ssh and ignored by this construct (lifecycle ignore_changes); allowed: other metadata keys; SSH access through OS Login roles (roles/compute.osLogin)',
    ],
    [{ labels: { environment: 'x' } }, 's/tpu.labels.environment="x": set by the stack for every resource'],
    [{ labels: { Team: 'x' } }, 's/tpu.labels.Team="x": not a valid label key'],
    [
      { fileCacheMemoryPercent: 80 },
      's/tpu.fileCacheMemoryPercent=80: out of range; allowed: a whole number from 1 to 50',
    ],
    [
      { trainingCommand: "python3 -c 'x'" },
      's/tpu.trainingCommand="python3 -c \'x\'": empty or contains a single quote',
    ],
    [{ trainingCodeDir: '/abs path' }, 's/tpu.trainingCodeDir="/abs path": not a plain relative path'],
    [{ networkTags: ['Bad_Tag'] }, 's/tpu.networkTags="Bad_Tag": not a valid network tag'],
  ] as [Partial<TpuV6eNodeProps>, string][])('literal %j', (change, message) => {
    expect(refusal(baseProps(change))).toContain(message);
  });

  it('a queued name too long for its queued resource', () => {
    expect(refusal(queued({ name: `t${'a'.repeat(61)}` }))).toContain('too long for provisioning "queued"');
  });

  it('reports every problem at once, one line each', () => {
    const lines = refusal(
      baseProps({ zone: 'us-central2-b', acceleratorType: 'v6e-3', serviceAccount: undefined }),
    ).split('\n');
    expect(lines).toHaveLength(3);
  });

  it('needs a google-beta provider', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new TpuV6eNode(stack, 'tpu', baseProps())).toThrow(/no google-beta provider in the stack/);
  });
});
