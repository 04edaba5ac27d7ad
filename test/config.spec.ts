import { configProblems, envConfig } from './helpers';
import { ConfigError, ENVIRONMENT_NAMES, loadEnvironments } from '../src/config';
import { findTpuZone, TPU_V6E, V6E_ACCELERATOR_TYPES, V6E_ZONES } from '../src/catalog';

function problems(shell: Record<string, string>): string[] {
  try {
    loadEnvironments(shell);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('committed environments', () => {
  const envs = loadEnvironments({});

  it('are dev, staging and prod, all valid', () => {
    expect(envs.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
  });

  it('put every TPU in a v6e zone inside its region (not us-central2)', () => {
    for (const env of envs) {
      expect(V6E_ZONES).toContain(env.zone);
      expect(env.zone.startsWith(`${env.region}-`)).toBe(true);
      expect(env.region).not.toBe('us-central2');
    }
  });

  it('keep dev small and on spot, prod on-demand and protected', () => {
    const [dev, , prod] = envs;
    expect(dev.tpu.capacity).toBe('spot');
    expect(V6E_ACCELERATOR_TYPES.indexOf(dev.tpu.acceleratorType)).toBeLessThanOrEqual(
      V6E_ACCELERATOR_TYPES.indexOf('v6e-4'),
    );
    expect(dev.deletionProtection).toBe(false);
    expect(prod.tpu.capacity).toBe('on-demand');
    expect(prod.deletionProtection).toBe(true);
  });

  it('give each environment its own project, bucket, prefix and state location', () => {
    for (const key of ['projectId', 'namePrefix'] as const) {
      expect(new Set(envs.map((e) => e[key])).size).toBe(3);
    }
    expect(new Set(envs.map((e) => e.bucket.name)).size).toBe(3);
    expect(new Set(envs.map((e) => `${e.stateBackend.bucket}/${e.stateBackend.prefix}`)).size).toBe(3);
  });
});

describe('shell overrides', () => {
  it('apply the stack inputs to every environment', () => {
    const envs = loadEnvironments({
      REGION: 'us-east5',
      ZONE: 'us-east5-b',
      TPU_ACCELERATOR_TYPE: 'v6e-16',
      ENABLE_MONITORING: 'false',
      ENABLE_VERTEX_AI: 'FALSE',
    });
    for (const env of envs) {
      expect(env).toMatchObject({
        region: 'us-east5',
        zone: 'us-east5-b',
        enableMonitoring: false,
        enableVertexAi: false,
      });
      expect(env.tpu.acceleratorType).toBe('v6e-16');
    }
  });

  it('select one environment with ENVIRONMENT and accept single-resource names there', () => {
    const envs = loadEnvironments({
      ENVIRONMENT: 'staging',
      BUCKET_NAME: 'my-bucket',
      TPU_NAME: 'my-tpu',
      NETWORK_NAME: 'net-a',
      SUBNET_NAME: 'sub-a',
    });
    expect(envs).toHaveLength(1);
    expect(envs[0]).toMatchObject({
      name: 'staging',
      bucket: { name: 'my-bucket' },
      tpu: { name: 'my-tpu' },
      network: { name: 'net-a', subnetName: 'sub-a' },
    });
  });

  it('ignore empty variables, ENVIRONMENT included', () => {
    expect(loadEnvironments({ PROJECT_ID: '' })[0].projectId).toBe('tpu-train-dev');
    expect(loadEnvironments({ ENVIRONMENT: '' }).map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
  });

  it('refuse one project id for all environments when that gives them one data lake bucket', () => {
    expect(problems({ PROJECT_ID: 'acme-ml-all' })).toEqual([
      'PROJECT_ID="acme-ml-all": gives dev, staging and prod one data lake bucket, "acme-ml-all-data-lake"; allowed: one per environment, as bucket names are global (give each environment its own project id, or set BUCKET_NAME with ENVIRONMENT)',
    ]);
  });

  it('keep the state in the environment project when stateBackend.project is not set', () => {
    const own = envConfig('dev', (e) => delete e.stateBackend.project);
    expect(own.stateBackend.project).toBe(own.projectId);
    expect(loadEnvironments({ ENVIRONMENT: 'dev' })[0].stateBackend.project).toBe('tpu-train-state');
  });

  it('take the state project from STATE_PROJECT, for every environment, and blame it when it is bad', () => {
    const envs = loadEnvironments({ STATE_PROJECT: 'acme-tfstate-1' });
    expect(envs.map((e) => e.stateBackend.project)).toEqual(['acme-tfstate-1', 'acme-tfstate-1', 'acme-tfstate-1']);
    expect(envs.map((e) => e.stateBackend.bucket)).toEqual([
      'tpu-train-dev-tfstate',
      'tpu-train-staging-tfstate',
      'tpu-train-prod-tfstate',
    ]);
    expect(() => loadEnvironments({ ENVIRONMENT: 'dev', STATE_PROJECT: 'Acme' })).toThrow(/^STATE_PROJECT="Acme": /);
  });

  it('derive the data lake and state bucket names from the project id (bucket names are global)', () => {
    const [dev] = loadEnvironments({ ENVIRONMENT: 'dev', PROJECT_ID: 'acme-ml-dev' });
    expect(dev.bucket.name).toBe('acme-ml-dev-data-lake');
    expect(dev.stateBackend).toEqual({
      project: 'tpu-train-state',
      bucket: 'acme-ml-dev-tfstate',
      prefix: 'cdktf/dev',
    });
    expect(
      loadEnvironments({ ENVIRONMENT: 'dev', PROJECT_ID: 'acme-ml-dev', BUCKET_NAME: 'my-lake' })[0].bucket.name,
    ).toBe('my-lake');
    expect(loadEnvironments({}).map((e) => e.bucket.name)).toEqual([
      'tpu-train-dev-data-lake',
      'tpu-train-staging-data-lake',
      'tpu-train-prod-data-lake',
    ]);
  });
});

describe('bad input gets one line naming the variable, the value and what is allowed', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'unknown environment',
      { ENVIRONMENT: 'qa' },
      /^ENVIRONMENT="qa": unknown environment; allowed: dev, staging, prod$/,
    ],
    [
      'bucket without ENVIRONMENT',
      { BUCKET_NAME: 'my-bucket' },
      /^BUCKET_NAME="my-bucket": names one resource.*ENVIRONMENT=<dev\|staging\|prod>/,
    ],
    ['TPU name without ENVIRONMENT', { TPU_NAME: 'my-tpu' }, /^TPU_NAME="my-tpu": names one resource/],
    ['network name without ENVIRONMENT', { NETWORK_NAME: 'n' }, /^NETWORK_NAME="n": names one resource/],
    ['subnet name without ENVIRONMENT', { SUBNET_NAME: 's' }, /^SUBNET_NAME="s": names one resource/],
    ['boolean', { ENABLE_MONITORING: 'yes' }, /^ENABLE_MONITORING="yes": not a boolean; allowed: true, false$/],
    ['boolean (vertex)', { ENABLE_VERTEX_AI: '1' }, /^ENABLE_VERTEX_AI="1": not a boolean; allowed: true, false$/],
    [
      'project id too short',
      { PROJECT_ID: 'abc' },
      /^PROJECT_ID="abc": not a valid project id; allowed: 6-30 characters/,
    ],
    ['project id uppercase', { PROJECT_ID: 'My-Project' }, /^PROJECT_ID="My-Project": not a valid project id/],
    ['project id trailing hyphen', { PROJECT_ID: 'my-project-' }, /^PROJECT_ID="my-project-": not a valid project id/],
    [
      'zone without v6e (us-central2)',
      { REGION: 'us-central2', ZONE: 'us-central2-b' },
      /^ZONE="us-central2-b": not a zone that offers TPU v6e; allowed: us-central1-b, /,
    ],
    [
      'zone outside region',
      { ZONE: 'europe-west4-a' },
      /^ZONE="europe-west4-a": not in region us-central1; allowed: a zone of us-central1 that offers TPU v6e \(us-central1-b/,
    ],
    ['region that is not a region', { REGION: 'central' }, /^REGION="central": not a region name/],
    [
      'single-tenant zone for spot (dev)',
      { ENVIRONMENT: 'dev', REGION: 'us-east4', ZONE: 'us-east4-a' },
      /^ZONE="us-east4-a": single-tenant for v6e \(reserved capacity only\): cannot serve capacity "spot" \(tpu\.capacity\); allowed: a zone that serves spot v6e capacity \(none in us-east4; elsewhere us-central1-b, .*us-west1-c\), or tpu\.capacity reserved$/,
    ],
    [
      'single-tenant zone for on-demand (prod)',
      { ENVIRONMENT: 'prod', REGION: 'us-east5', ZONE: 'us-east5-c' },
      /^ZONE="us-east5-c": single-tenant for v6e \(reserved capacity only\): cannot serve capacity "on-demand" \(tpu\.capacity\); allowed: a zone that serves on-demand v6e capacity \(us-east5-a, us-east5-b\), or tpu\.capacity reserved$/,
    ],
    [
      'us-west1-c on demand (spot only besides reservations)',
      { ENVIRONMENT: 'prod', REGION: 'us-west1', ZONE: 'us-west1-c' },
      /^ZONE="us-west1-c": single-tenant for v6e except for Spot .*: cannot serve capacity "on-demand".*or tpu\.capacity reserved or spot$/,
    ],
    [
      'AI zone without a reservation',
      { ENVIRONMENT: 'staging', REGION: 'us-central1', ZONE: 'us-central1-ai1a' },
      /^ZONE="us-central1-ai1a": an AI zone \(pre-reserved capacity only, with AI-zone visibility on\): cannot serve capacity "spot" \(tpu\.capacity\); allowed: a zone that serves spot v6e capacity \(us-central1-b\)/,
    ],
    [
      'accelerator type',
      { TPU_ACCELERATOR_TYPE: 'v5e-8' },
      /^TPU_ACCELERATOR_TYPE="v5e-8": not a TPU v6e accelerator type; allowed: v6e-1, v6e-4, v6e-8, v6e-16, v6e-32, v6e-64, v6e-128, v6e-256$/,
    ],
    ['bucket uppercase', { ENVIRONMENT: 'dev', BUCKET_NAME: 'Data' }, /^BUCKET_NAME="Data": not a valid bucket name/],
    [
      'bucket with dots',
      { ENVIRONMENT: 'dev', BUCKET_NAME: 'data.lake' },
      /^BUCKET_NAME="data.lake": not a valid bucket name/,
    ],
    [
      'bucket with google',
      { ENVIRONMENT: 'dev', BUCKET_NAME: 'my-google-data' },
      /^BUCKET_NAME="my-google-data": not a valid bucket name/,
    ],
    [
      'bucket starting goog',
      { ENVIRONMENT: 'dev', BUCKET_NAME: 'goog-data' },
      /^BUCKET_NAME="goog-data": not a valid bucket name/,
    ],
    [
      'bucket too long',
      { ENVIRONMENT: 'dev', BUCKET_NAME: 'a'.repeat(64) },
      /^BUCKET_NAME="a{64}": not a valid bucket name/,
    ],
    ['TPU name', { ENVIRONMENT: 'dev', TPU_NAME: '1tpu' }, /^TPU_NAME="1tpu": not a valid TPU node name/],
    ['network name', { ENVIRONMENT: 'dev', NETWORK_NAME: 'Net_1' }, /^NETWORK_NAME="Net_1": not a valid network name/],
    ['subnet name', { ENVIRONMENT: 'dev', SUBNET_NAME: 'sub-' }, /^SUBNET_NAME="sub-": not a valid subnet name/],
  ];

  it.each(cases)('%s', (_name, shell, expected) => {
    const lines = problems(shell);
    expect(lines.some((l) => expected.test(l))).toBe(true);
    for (const line of lines) expect(line).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/);
  });

  it('accepts a single-tenant zone, us-west1-c for spot, and an AI zone with the capacity they serve', () => {
    expect(() => loadEnvironments({ ENVIRONMENT: 'dev', REGION: 'us-west1', ZONE: 'us-west1-c' })).not.toThrow();
    const reserved = (zone: string, region: string) =>
      configProblems((e) => {
        e.tpu.capacity = 'reserved';
        e.region = region;
        e.zone = zone;
        e.training.reservation = 'v6e-reserved';
      });
    expect(reserved('us-east4-a', 'us-east4')).toEqual([]);
    expect(reserved('us-south1-ai1b', 'us-south1')).toEqual([]);
  });

  it('records each zone with the capacity modes it serves and where that was read', () => {
    for (const z of TPU_V6E.zones) {
      expect(z.capacityModes.length).toBeGreaterThan(0);
      expect(z.capacitySource.url).toMatch(/^https:\/\//);
    }
    expect(findTpuZone('us-east4-b')?.capacityModes).toEqual(['reserved']);
    expect(findTpuZone('us-west1-c')?.capacityModes).toEqual(['reserved', 'spot']);
    expect(findTpuZone('us-central1-b')?.capacityModes).toEqual(['on-demand', 'spot', 'reserved']);
  });

  it('lists every problem, once each', () => {
    const lines = problems({ ENABLE_MONITORING: 'maybe', ZONE: 'us-central2-b', TPU_ACCELERATOR_TYPE: 'v6e-2' });
    expect(lines).toHaveLength(3);
  });
});

describe('committed fields are named by their path', () => {
  const { ENVIRONMENTS } = jest.requireActual('../src/config') as typeof import('../src/config');

  const committed = (change: (e: Record<string, any>) => void) => configProblems(change);

  it.each<[string, (e: Record<string, any>) => void, RegExp]>([
    [
      'naming prefix',
      (e) => (e.namePrefix = 'a-very-long-prefix'),
      /^environments\.dev\.namePrefix="a-very-long-prefix": not a valid naming prefix/,
    ],
    [
      'label key',
      (e) => (e.labels = { Team: 'x' }),
      /^environments\.dev\.labels\.Team="x": label key "Team" is not valid/,
    ],
    [
      'label value',
      (e) => (e.labels = { team: 'ML Platform' }),
      /^environments\.dev\.labels\.team="ML Platform": not a valid label value/,
    ],
    [
      'capacity mode',
      (e) => (e.tpu.capacity = 'preemptible'),
      /^environments\.dev\.tpu\.capacity="preemptible": not a capacity mode; allowed: on-demand, spot, reserved$/,
    ],
    [
      'boolean field',
      (e) => (e.deletionProtection = 'yes'),
      /^environments\.dev\.deletionProtection="yes": not a boolean/,
    ],
    [
      'subnet range',
      (e) => (e.network.subnetCidr = '8.8.8.0/24'),
      /^environments\.dev\.network\.subnetCidr="8.8.8.0\/24": not a private IPv4 range/,
    ],
    [
      'state bucket',
      (e) => (e.stateBackend.bucket = 'State'),
      /^environments\.dev\.stateBackend\.bucket="State": not a valid bucket name/,
    ],
    ['state project', (e) => (e.stateBackend.project = 'State'), /^environments\.dev\.stateBackend\.project="State": /],
    ['unknown field', (e) => (e.extra = 1), /^environments\.dev: unknown field\(s\) extra; allowed/],
  ])('%s', (_name, change, expected) => {
    const lines = committed(change);
    expect(lines.some((l) => expected.test(l))).toBe(true);
  });

  it('has every environment name in the schema', () => {
    expect(Object.keys(ENVIRONMENTS)).toEqual([...ENVIRONMENT_NAMES]);
  });
});
