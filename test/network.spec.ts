import { configProblems } from './helpers';
import { TerraformStack, Testing } from 'cdktf';
import { FLOW_LOGS, IAP_TCP_FORWARDING } from '../src/catalog';
import { ENVIRONMENT_NAMES } from '../src/config';
import { InputError } from '../src/core/errors';
import { networkTagsFor, TrainingNetwork, TrainingNetworkProps } from '../constructs/network';
import { committedStack } from './committed-stacks';
import { envConfig, resourcesOf, synthEnv, TerraformJson } from './helpers';

type Body = Record<string, any>;

const BASE: TrainingNetworkProps = {
  projectId: 'p-test-123',
  region: 'us-central1',
  networkName: 'net-a',
  subnetName: 'sub-a',
  subnetCidr: '10.40.0.0/20',
  namePrefix: 'tpu-dev',
};

function network(props: Partial<TrainingNetworkProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  const n = new TrainingNetwork(stack, 'net', { ...BASE, ...props });
  return { tf: JSON.parse(Testing.synth(stack)) as TerraformJson, net: n };
}

function refusal(props: Partial<TrainingNetworkProps>): string[] {
  try {
    network(props);
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  throw new Error('expected an InputError');
}

function firewalls(tf: TerraformJson): Body[] {
  return resourcesOf(tf, 'google_compute_firewall') as Body[];
}

/** Every firewall rule admits only the subnet's own range, or SSH from Google's IAP range; none from anywhere. */
/**
 * Three ingress rules, each with a target: Dataproc to Dataproc and TPU to TPU on all ports (by
 * tag, not by the subnet range, which would let a batch's executors reach every TPU port), and SSH
 * from IAP to the TPU workers only.
 */
function expectSafeIngress(tf: TerraformJson, prefix: string): void {
  const rules = firewalls(tf);
  expect(rules).toHaveLength(3);
  const [tpu, dataproc] = [`${prefix}-tpu`, `${prefix}-dataproc`];
  for (const rule of rules) {
    expect(rule.direction).toBe('INGRESS');
    expect(rule.source_ranges ?? []).not.toContain('0.0.0.0/0');
    expect(rule).not.toHaveProperty('deny');
    expect(rule.target_tags.length).toBeGreaterThan(0);
  }
  const internal = rules.find((r) => r.name.endsWith('-allow-internal'))!;
  expect(internal).not.toHaveProperty('source_ranges');
  expect(internal).toMatchObject({ source_tags: [dataproc], target_tags: [dataproc], allow: [{ protocol: 'all' }] });
  const workers = rules.find((r) => r.name.endsWith('-allow-tpu-internal'))!;
  expect(workers).not.toHaveProperty('source_ranges');
  expect(workers).toMatchObject({ source_tags: [tpu], target_tags: [tpu], allow: [{ protocol: 'all' }] });
  const ssh = rules.find((r) => r.name.endsWith('-allow-iap-ssh'))!;
  expect(ssh.source_ranges).toEqual(['35.235.240.0/20']);
  expect(ssh.target_tags).toEqual([tpu]);
  expect(ssh.allow).toEqual([{ protocol: 'tcp', ports: ['22'] }]);
  expect(ssh.log_config).toEqual({ metadata: 'INCLUDE_ALL_METADATA' });
  // No rule lets Dataproc executors reach a TPU worker.
  for (const rule of rules.filter((r) => r.target_tags.includes(tpu)))
    expect(rule.source_tags ?? []).not.toContain(dataproc);
}

describe.each(ENVIRONMENT_NAMES.map((n) => [n]))('%s network (committed configuration: create)', (name) => {
  const env = envConfig(name);
  const { tf } = committedStack(name);
  const [vpc] = resourcesOf(tf, 'google_compute_network') as Body[];
  const [subnet] = resourcesOf(tf, 'google_compute_subnetwork') as Body[];

  it('is a dedicated custom-mode VPC named from var.network_name', () => {
    expect(resourcesOf(tf, 'google_compute_network')).toHaveLength(1);
    expect(vpc).toMatchObject({
      name: '${var.network_name}',
      auto_create_subnetworks: false,
      routing_mode: 'REGIONAL',
      project: '${var.project_id}',
    });
    expect(vpc).not.toHaveProperty('delete_default_routes_on_create');
  });

  it('has one regional subnet with the configured range, Private Google Access and flow logs', () => {
    expect(subnet).toMatchObject({
      name: '${var.subnet_name}',
      region: '${var.region}',
      ip_cidr_range: env.network.subnetCidr,
      private_ip_google_access: true,
      log_config: {
        aggregation_interval: 'INTERVAL_5_SEC',
        flow_sampling: env.network.flowLogSampling ?? FLOW_LOGS.flowSampling,
        metadata: 'INCLUDE_ALL_METADATA',
      },
    });
    expect(subnet.network).toMatch(/^\$\{google_compute_network\.network_vpc_\w+\.id\}$/);
  });

  it("samples a tenth of the flows in dev and staging, Google's half in prod", () => {
    expect(subnet.log_config.flow_sampling).toBe(name === 'prod' ? 0.5 : 0.1);
  });

  it('admits Dataproc to Dataproc and TPU to TPU on all ports, SSH from IAP to the TPU only, nothing from 0.0.0.0/0', () => {
    expectSafeIngress(tf, env.namePrefix);
    for (const rule of firewalls(tf)) expect(rule.network).toBe(subnet.network);
    expect(
      firewalls(tf)
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      `${env.namePrefix}-allow-iap-ssh`,
      `${env.namePrefix}-allow-internal`,
      `${env.namePrefix}-allow-tpu-internal`,
    ]);
  });

  it("tags the TPU VM, the training runs' TPU request and every form of the Dataproc batch with the network's tags", () => {
    const vms = resourcesOf(tf, 'google_tpu_v2_vm') as Body[];
    for (const vm of vms) expect(vm.tags).toEqual([`${env.namePrefix}-tpu`]);
    const request = (tf.locals as Record<string, Body>).training_tpu_request;
    expect(request.tpu.nodeSpec[0].node.tags).toEqual([`${env.namePrefix}-tpu`]);
    const command = tf.output.preprocessing_submit_command.value as string;
    expect(command).toContain(` --tags=${env.namePrefix}-dataproc `);
    const local = Object.values(tf.locals as Record<string, Body>).find((l) => l.environmentConfig)!;
    expect(local.environmentConfig.executionConfig.networkTags).toEqual([`${env.namePrefix}-dataproc`]);
  });

  it('gives VMs without external IPs egress through Cloud NAT on the subnet', () => {
    const [router] = resourcesOf(tf, 'google_compute_router') as Body[];
    const [nat] = resourcesOf(tf, 'google_compute_router_nat') as Body[];
    expect(router).toMatchObject({
      name: `${env.namePrefix}-router`,
      region: '${var.region}',
      network: subnet.network,
    });
    expect(nat).toMatchObject({
      name: `${env.namePrefix}-nat`,
      region: '${var.region}',
      nat_ip_allocate_option: 'AUTO_ONLY',
      source_subnetwork_ip_ranges_to_nat: 'LIST_OF_SUBNETWORKS',
      log_config: { enable: true, filter: 'ERRORS_ONLY' },
    });
    expect(nat.router).toMatch(/^\$\{google_compute_router\.network_router_\w+\.name\}$/);
    expect(nat.subnetwork).toEqual([
      {
        name: expect.stringMatching(/^\$\{google_compute_subnetwork\.network_subnet_\w+\.self_link\}$/),
        source_ip_ranges_to_nat: ['ALL_IP_RANGES'],
      },
    ]);
  });

  it('outputs the network and subnet ids', () => {
    expect(tf.output.network_id.value).toBe(subnet.network);
    expect(tf.output.subnetwork_id.value).toMatch(/^\$\{google_compute_subnetwork\.network_subnet_\w+\.id\}$/);
  });
});

describe('network.mode=existing', () => {
  const { tf } = synthEnv(envConfig('prod', (e) => ((e.network.mode = 'existing'), delete e.network.cloudNat)));
  const net = Object.entries(tf.data!.google_compute_network)[0];
  const sub = Object.entries(tf.data!.google_compute_subnetwork)[0] as [string, Body];

  it('looks the network and subnet up by name instead of creating them', () => {
    expect(tf.resource).not.toHaveProperty('google_compute_network');
    expect(tf.resource).not.toHaveProperty('google_compute_subnetwork');
    expect(net[1]).toEqual({ name: '${var.network_name}', project: '${var.project_id}' });
    expect(sub[1]).toMatchObject({ name: '${var.subnet_name}', region: '${var.region}', project: '${var.project_id}' });
  });

  it('fails the plan when the existing subnet lacks Private Google Access', () => {
    expect(sub[1].lifecycle.postcondition).toEqual([
      {
        condition: '${self.private_ip_google_access}',
        error_message: expect.stringMatching(/Private Google Access off/),
      },
    ]);
  });

  it('adds the same firewall rules, by tag (the existing subnet may hold other VMs)', () => {
    expectSafeIngress(tf, 'tpu-prod');
    for (const rule of firewalls(tf)) expect(rule.network).toBe(`\${data.google_compute_network.${net[0]}.id}`);
  });

  it('creates no NAT by default (an existing network usually has one), and outputs the looked-up ids', () => {
    expect(tf.resource).not.toHaveProperty('google_compute_router_nat');
    expect(tf.resource).not.toHaveProperty('google_compute_router');
    expect(tf.output.network_id.value).toBe(`\${data.google_compute_network.${net[0]}.id}`);
    expect(tf.output.subnetwork_id.value).toBe(`\${data.google_compute_subnetwork.${sub[0]}.id}`);
  });

  it('creates a NAT for the existing subnet when cloudNat=true', () => {
    const withNat = synthEnv(
      envConfig('dev', (e) => Object.assign(e.network, { mode: 'existing', cloudNat: true })),
    ).tf;
    const [nat] = resourcesOf(withNat, 'google_compute_router_nat') as Body[];
    expect(nat.subnetwork[0].name).toMatch(/^\$\{data\.google_compute_subnetwork\.\S+\.self_link\}$/);
  });
});

describe('network configuration', () => {
  const problems = (change: (n: Record<string, unknown>) => void) => configProblems((e) => change(e.network));

  it('refuses an unknown mode, naming field, value and what is allowed', () => {
    expect(problems((n) => (n.mode = 'shared'))).toContainEqual(
      'environments.dev.network.mode="shared": not a network mode; allowed: create, existing',
    );
  });

  it('refuses a flow log sampling outside (0, 1]', () => {
    for (const v of [0, 1.5])
      expect(problems((n) => (n.flowLogSampling = v))).toContainEqual(
        `environments.dev.network.flowLogSampling=${v}: out of range; allowed: a share of flows above 0 and at most 1, e.g. 0.1`,
      );
    expect(problems((n) => (n.flowLogSampling = '0.1'))).toContainEqual(
      'environments.dev.network.flowLogSampling="0.1": not a number; allowed: a share of flows above 0 and at most 1, e.g. 0.1',
    );
  });

  it('refuses a non-boolean cloudNat', () => {
    expect(problems((n) => (n.cloudNat = 'yes'))).toContainEqual(
      'environments.dev.network.cloudNat="yes": not a boolean; allowed: true, false',
    );
  });

  it('defaults to create with NAT when mode and cloudNat are left out', () => {
    expect(
      problems((n) => {
        delete n.mode;
        delete n.cloudNat;
      }),
    ).toEqual([]);
    const { tf } = synthEnv(
      envConfig('dev', (e) => {
        delete e.network.mode;
        delete e.network.cloudNat;
      }),
    );
    expect(resourcesOf(tf, 'google_compute_network')).toHaveLength(1);
    expect(resourcesOf(tf, 'google_compute_router_nat')).toHaveLength(1);
  });

  it('cloudNat=false leaves out router and NAT', () => {
    const { tf } = synthEnv(envConfig('staging', (e) => (e.network.cloudNat = false)));
    expect(tf.resource).not.toHaveProperty('google_compute_router');
    expect(tf.resource).not.toHaveProperty('google_compute_router_nat');
  });
});

describe('TrainingNetwork (construct alone)', () => {
  it('implements ITrainingNetwork with the created resources', () => {
    const { net } = network();
    expect(net.subnetCidr).toBe('10.40.0.0/20');
    for (const v of [net.networkId, net.networkName, net.subnetworkId, net.subnetName, net.subnetworkSelfLink])
      expect(v).toMatch(/TfToken/);
  });

  it('takes a flow log sampling rate and literal names', () => {
    const { tf } = network({ flowLogSampling: 1 });
    expect((resourcesOf(tf, 'google_compute_subnetwork')[0] as Body).log_config.flow_sampling).toBe(1);
    expect(resourcesOf(tf, 'google_compute_network')[0]).toMatchObject({ name: 'net-a' });
    expect(firewalls(tf).flatMap((r) => r.source_ranges ?? [])).toEqual([IAP_TCP_FORWARDING.sourceRange]);
  });

  it('exposes its tags, from namePrefix or as given, and the Dataproc rule to wait for', () => {
    const { net, tf } = network();
    expect(net.tags).toEqual(networkTagsFor('tpu-dev'));
    expect(net.dataprocIngress).toBe(net.firewallRules.find((r) => r.node.id === 'allow-internal'));
    const custom = network({ tags: { tpu: 'trainers' } });
    expect(custom.net.tags).toEqual({ tpu: 'trainers', dataproc: 'tpu-dev-dataproc' });
    expect(firewalls(custom.tf).find((r) => r.name === 'tpu-dev-allow-iap-ssh')!.target_tags).toEqual(['trainers']);
    expect(firewalls(tf)).toHaveLength(3);
  });

  it.each<[string, Partial<TrainingNetworkProps>, RegExp]>([
    [
      'create without range',
      { subnetCidr: undefined },
      /^s\/net\.subnetCidr=undefined: missing, and mode=create needs the subnet range; allowed: an RFC 1918 CIDR/,
    ],
    [
      'public range',
      { subnetCidr: '8.8.8.0/24' },
      /^s\/net\.subnetCidr="8\.8\.8\.0\/24": not a private IPv4 range; allowed: an RFC 1918 CIDR with a prefix of \/16 to \/29$/,
    ],
    ['everything', { subnetCidr: '0.0.0.0/0' }, /^s\/net\.subnetCidr="0\.0\.0\.0\/0": not a private IPv4 range/],
    [
      'sampling zero',
      { flowLogSampling: 0 },
      /^s\/net\.flowLogSampling=0: out of range; allowed: more than 0, at most 1$/,
    ],
    ['sampling above one', { flowLogSampling: 1.5 }, /^s\/net\.flowLogSampling=1\.5: out of range/],
    ['mode', { mode: 'shared' as never }, /^s\/net\.mode="shared": not a network mode; allowed: create, existing$/],
    ['prefix', { namePrefix: 'Tpu' }, /^s\/net\.namePrefix="Tpu": not a valid naming prefix/],
    ['network name', { networkName: 'Net_1' }, /^s\/net\.networkName="Net_1": not a valid network name/],
    ['subnet name', { subnetName: 'sub-' }, /^s\/net\.subnetName="sub-": not a valid subnet name/],
    [
      'a tag',
      { tags: { dataproc: 'Spark_VMs' } },
      /^s\/net\.tags\.dataproc="Spark_VMs": not a valid network tag; allowed: /,
    ],
  ])('refuses %s with one line', (_n, props, expected) => {
    const lines = refusal(props);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });

  it('does not need a range for an existing subnet', () => {
    expect(() => network({ mode: 'existing', subnetCidr: undefined })).not.toThrow();
  });
});
