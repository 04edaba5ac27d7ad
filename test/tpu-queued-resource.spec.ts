import { spawnSync } from 'node:child_process';
import { Lazy, Token } from 'cdktf';
import { TPU_V6E } from '../src/catalog/tpu';
import { TPU_VM } from '../src/catalog/tpu-vm';
import {
  INSTANCE_METADATA_LIMITS,
  MULTISLICE,
  QUEUEING_POLICY,
  queuedResourceStateClass,
  TPU_API,
} from '../src/catalog/tpu-queued-resources';
import { CAPACITY_MODES, type CapacityMode } from '../src/config/schema';
import { InputError } from '../src/core/errors';
import { DEFAULT_TRAINING_SETUP, defaultTrainingCommand } from '../constructs/training/default-command';
import { trainingLauncherScript, TRAINING_METADATA_KEYS } from '../constructs/training/launcher-script';
import {
  metadataBytes,
  NODE_ID,
  QueuedResourceRequestOptions,
  queuedResourceProblems,
  queuedResourceRequest,
  requestMetadata,
} from '../constructs/training/queued-resource';
import { ProtoMessages } from './proto-message';

const TPU_PROTOS = new ProtoMessages(TPU_API.protosJson);
const QR = TPU_API.queuedResourceMessage;
const LINE = /^run\.[A-Za-z.-]+="[^\n]*": [^\n]+; allowed: [^\n]+$/;

const base: QueuedResourceRequestOptions = {
  project: 'acme-train',
  zone: 'us-east5-b',
  acceleratorType: 'v6e-16',
  network: {
    networkId: 'projects/acme-train/global/networks/training',
    subnetworkId: 'projects/acme-train/regions/us-east5/subnetworks/training',
  },
  serviceAccount: { email: 'tpu-dev-trainer@acme-train.iam.gserviceaccount.com' },
  environment: 'dev',
  labels: { team: 'ml' },
  networkTags: ['tpu-worker'],
  capacity: 'on-demand',
  waitSeconds: 3600,
  bucketName: 'acme-train-data-lake',
};
const opts = (change: Partial<QueuedResourceRequestOptions> = {}): QueuedResourceRequestOptions => ({
  ...base,
  ...change,
});
const problems = (change: Partial<QueuedResourceRequestOptions>) => queuedResourceProblems('run', opts(change));
const capacityFor = (capacity: CapacityMode): Partial<QueuedResourceRequestOptions> =>
  capacity === 'reserved' ? { capacity, reservation: 'tpu-v6e-res' } : { capacity };

describe('queuedResourceRequest: the body held against google.cloud.tpu.v2.QueuedResource', () => {
  const tiers = TPU_PROTOS.oneofs(QR).tier;
  const nameStrategy = TPU_PROTOS.oneofs(`${QR}.Tpu.NodeSpec`).nameStrategy;

  it('reads the oneofs it is checked against from the proto', () => {
    expect(tiers).toEqual(['spot', 'guaranteed']);
    expect(nameStrategy).toEqual(['nodeId', 'multisliceParams']);
  });

  it('would catch a broken body (the checker is not vacuous)', () => {
    const good = JSON.parse(JSON.stringify(queuedResourceRequest(opts({ slices: 2 }))));

    const broken = (change: (b: any) => void): string[] => {
      const b = structuredClone(good);
      change(b);
      return TPU_PROTOS.problems(QR, b);
    };
    expect(broken((b) => (b.spot = {}))).toEqual([
      expect.stringMatching(/oneof google\.cloud\.tpu\.v2\.QueuedResource\.tier has spot and guaranteed set/),
    ]);
    expect(broken((b) => (b.tpu.nodeSpec[0].nodeId = 'x'))).toEqual([
      expect.stringMatching(/oneof .*NodeSpec\.nameStrategy has nodeId and multisliceParams set/),
    ]);
    expect(broken((b) => (b.tpu.nodeSpec[0].node.networkConfig.enableExternalIps = 'false'))).toEqual([
      expect.stringMatching(/enableExternalIps: "false" is not a bool/),
    ]);
    expect(broken((b) => (b.tpu.nodeSpec[0].multisliceParams.nodeCount = '2'))).toEqual([
      expect.stringMatching(/nodeCount: "2" is not a int32/),
    ]);
    expect(broken((b) => (b.queueingPolicy.validUntilDuration = 3600))).toEqual([
      expect.stringMatching(/is not a Duration/),
    ]);
    expect(broken((b) => (b.tpu.nodeSpec[0].node.serviceAccount.scopes = []))).toEqual([
      expect.stringMatching(/scopes: unknown field of google\.cloud\.tpu\.v2\.ServiceAccount/),
    ]);
    expect(broken((b) => (b.state = { state: 'ACTIVE' }))).toContainEqual(
      expect.stringMatching(/^\$\.state: output only/),
    );
    expect(broken((b) => delete b.tpu.nodeSpec[0].node.runtimeVersion)).toEqual([
      expect.stringMatching(/runtimeVersion: REQUIRED field of google\.cloud\.tpu\.v2\.Node is missing/),
    ]);
    expect(broken((b) => (b.tpu.nodeSpec[0].node.metadata['num-slices'] = 2))).toEqual([
      expect.stringMatching(/\["num-slices"\]: 2 is not a string/),
    ]);
  });

  const expectedTier: Record<CapacityMode, string[]> = { 'on-demand': ['guaranteed'], spot: ['spot'], reserved: [] };
  for (const capacity of CAPACITY_MODES) {
    for (const slices of [1, 2]) {
      describe(`capacity ${capacity}, ${slices} slice${slices > 1 ? 's' : ''}`, () => {
        const body = queuedResourceRequest(opts({ ...capacityFor(capacity), slices }));
        const spec = body.tpu.nodeSpec[0];

        it('fits the message: every key a field, right JSON types, oneofs respected, no output-only field', () => {
          expect(TPU_PROTOS.problems(QR, JSON.parse(JSON.stringify(body)))).toEqual([]);
        });

        it(`asks for the tier ${expectedTier[capacity].join('') || '(none: reservationName only)'}`, () => {
          expect(tiers.filter((t) => t in body)).toEqual(expectedTier[capacity]);
          if (capacity === 'on-demand') expect(body.guaranteed).toEqual({});
          if (capacity === 'spot') expect(body.spot).toEqual({});
          expect('reservationName' in body).toBe(capacity === 'reserved');
        });

        it(`names the node${slices > 1 ? 's with multisliceParams' : ' with nodeId'} (exactly one of the two)`, () => {
          expect(body.tpu.nodeSpec).toHaveLength(1);
          expect(nameStrategy.filter((n) => n in spec)).toEqual([slices > 1 ? 'multisliceParams' : 'nodeId']);
          if (slices > 1) expect(spec.multisliceParams).toEqual({ nodeCount: 2, nodeIdPrefix: '__RUN_ID__' });
          else expect(spec.nodeId).toBe('__RUN_ID__');
          expect(spec.node.metadata[TRAINING_METADATA_KEYS.numSlices]).toBe(String(slices));
        });

        it('holds no ${ nor %{ (Terraform templates)', () => {
          expect(JSON.stringify(body)).not.toMatch(/\$\{|%\{/);
        });
      });
    }
  }

  describe('the fields, for a v6e-16 on demand', () => {
    const body = queuedResourceRequest(opts());
    const spec = body.tpu.nodeSpec[0];
    const node = spec.node;

    it('asks in the zone, for the v6e slice and the catalog runtime', () => {
      expect(spec.parent).toBe('projects/acme-train/locations/us-east5-b');
      expect(node.acceleratorType).toBe('v6e-16');
      expect(node.runtimeVersion).toBe(TPU_V6E.runtimeVersion);
      expect(node.runtimeVersion).toBe('v2-alpha-tpuv6e');
    });

    it('attaches the network with internal IPs only', () => {
      expect(node.networkConfig).toEqual({
        network: base.network.networkId,
        subnetwork: base.network.subnetworkId,
        enableExternalIps: false,
      });
    });

    it('runs as the trainer account, with explicit scopes', () => {
      expect(node.serviceAccount).toEqual({ email: base.serviceAccount.email, scope: [...TPU_VM.defaultScopes] });
      expect(
        queuedResourceRequest(opts({ scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] })).tpu
          .nodeSpec[0].node.serviceAccount.scope,
      ).toEqual(['https://www.googleapis.com/auth/devstorage.read_write']);
    });

    it('labels the node with the environment and the run id, plus the given labels; tags it', () => {
      expect(node.labels).toEqual({ team: 'ml', environment: 'dev', 'run-id': '__RUN_ID__' });
      expect(node.tags).toEqual(['tpu-worker']);
      expect('tags' in queuedResourceRequest(opts({ networkTags: [] })).tpu.nodeSpec[0].node).toBe(false);
    });

    it("carries the contract's metadata: the launcher as startup-script, and the run's keys", () => {
      const k = TRAINING_METADATA_KEYS;
      expect(node.metadata).toEqual({
        [k.startupScript]: trainingLauncherScript({ bucketName: 'acme-train-data-lake', fileCacheMemoryPercent: 25 }),
        [k.runId]: '__RUN_ID__',
        [k.dataDir]: '__DATA_DIR__',
        [k.checkpointDir]: 'gs://acme-train-data-lake/checkpoints/__RUN_ID__',
        [k.modelDir]: 'gs://acme-train-data-lake/models/__RUN_ID__',
        [k.resultsDir]: 'gs://acme-train-data-lake/runs',
        [k.numSlices]: '1',
        [k.setup]: DEFAULT_TRAINING_SETUP,
        [k.command]: defaultTrainingCommand(),
        [TPU_VM.osLoginKey]: 'TRUE',
      });
      expect(Object.keys(k).length).toBe(9);
    });

    it('runs the given setup and command instead of the defaults', () => {
      const m = queuedResourceRequest(
        opts({ trainingSetup: 'pip install -r req.txt', trainingCommand: 'python3 train.py --steps=$STEPS' }),
      ).tpu.nodeSpec[0].node.metadata;
      expect(m[TRAINING_METADATA_KEYS.setup]).toBe('pip install -r req.txt');
      expect(m[TRAINING_METADATA_KEYS.command]).toBe('python3 train.py --steps=$STEPS');
    });

    it('expects the chips of the slice it runs on times the slices, at the catalog peak', () => {
      const command = defaultTrainingCommand();
      expect(command).toMatch(
        /^EXPECTED_CHIPS=\$\(\( \$\(echo "\$TPU_ACCELERATOR_TYPE" \| cut -d- -f2\) \* NUM_SLICES \)\) PEAK_TFLOPS_PER_CHIP=918 python3 "\$DATA_LAKE_MOUNT\/scripts\/prove-slice-[0-9a-f]{16}\.py"$/,
      );
      // The rule the command relies on: a v6e type's number is its chip count.
      for (const s of TPU_V6E.slices) expect(Number(s.acceleratorType.split('-')[1])).toBe(s.chips);
      const shell = (type: string, slices: number) =>
        spawnSync('bash', ['-c', `${command.replace(/ python3 .*$/, '')} && echo $EXPECTED_CHIPS`], {
          env: { PATH: process.env.PATH, TPU_ACCELERATOR_TYPE: type, NUM_SLICES: String(slices) },
          encoding: 'utf8',
        }).stdout.trim();
      expect(shell('v6e-16', 2)).toBe('32');
      expect(shell('v6e-8', 1)).toBe('8');
    });

    it('waits for capacity as long as asked, as a Duration', () => {
      expect(body.queueingPolicy).toEqual({ validUntilDuration: '3600s' });
    });

    it('names the reservation in the zone, or passes a full name through', () => {
      expect(queuedResourceRequest(opts({ capacity: 'reserved', reservation: 'tpu-v6e-res' })).reservationName).toBe(
        'projects/acme-train/locations/us-east5-b/reservations/tpu-v6e-res',
      );
      const shared = 'projects/host-project/locations/us-east5-b/reservations/shared-v6e';
      expect(queuedResourceRequest(opts({ capacity: 'reserved', reservation: shared })).reservationName).toBe(shared);
      expect(queuedResourceRequest(opts({ capacity: 'reserved', reservation: '-' })).reservationName).toBe(
        'projects/acme-train/locations/us-east5-b/reservations/-',
      );
    });

    it('uses the run id as node id: NODE_ID', () => {
      expect(NODE_ID).toBe('__RUN_ID__');
    });

    it('holds the placeholders only where the train step is meant to substitute them', () => {
      const where: string[] = [];
      const walk = (v: unknown, path: string): void => {
        if (typeof v === 'string') {
          if (/__RUN_ID__|__DATA_DIR__/.test(v)) where.push(path);
        } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
        else if (v && typeof v === 'object') for (const [key, x] of Object.entries(v)) walk(x, `${path}.${key}`);
      };
      walk(queuedResourceRequest(opts({ slices: 2 })), '$');
      const n = '$.tpu.nodeSpec[0]';
      expect(where.sort()).toEqual(
        [
          `${n}.multisliceParams.nodeIdPrefix`,
          `${n}.node.description`,
          `${n}.node.labels.run-id`,
          ...['run-id', 'data-dir', 'checkpoint-dir', 'model-dir'].map((key) => `${n}.node.metadata.${key}`),
        ].sort(),
      );
    });
  });

  describe('with Terraform tokens', () => {
    const token = (name: string) => Token.asString(Lazy.stringValue({ produce: () => name }));
    const tokens = opts({
      project: token('project'),
      zone: token('zone'),
      acceleratorType: token('v6e-32'),
      bucketName: token('bucket'),
      serviceAccount: { email: token('email') },
      network: { networkId: token('net'), subnetworkId: token('subnet') },
      capacity: 'reserved',
      reservation: token('reservation'),
      waitSeconds: Token.asNumber(Lazy.numberValue({ produce: () => 600 })),
      environment: token('env'),
      trainingCommand: 'python3 train.py',
      slices: 2,
    });

    it('validates none of them, and keeps them in the body', () => {
      expect(queuedResourceProblems('run', tokens)).toEqual([]);
      const body = queuedResourceRequest(tokens);
      expect(Token.isUnresolved(body.reservationName)).toBe(true);
      expect(Token.isUnresolved(body.queueingPolicy.validUntilDuration)).toBe(true);
      expect(body.queueingPolicy.validUntilDuration.endsWith('s')).toBe(true);
      expect(Token.isUnresolved(body.tpu.nodeSpec[0].parent)).toBe(true);
      expect(body.tpu.nodeSpec[0].node.metadata[TRAINING_METADATA_KEYS.checkpointDir]).toMatch(
        /^gs:\/\/\$\{TfToken\[TOKEN\.\d+\]\}\/checkpoints\/__RUN_ID__$/,
      );
    });

    it('takes the default command when the accelerator type is a token (it reads the slice from the worker)', () => {
      expect(queuedResourceProblems('run', { ...tokens, trainingCommand: undefined })).toEqual([]);
    });
  });
});

describe('queuedResourceProblems: one line per refusal, at both edges', () => {
  it('accepts the base options', () => {
    expect(problems({})).toEqual([]);
  });

  it('refuses an accelerator type that is not v6e', () => {
    expect(problems({ acceleratorType: 'v6e-256' })).toEqual([]);
    for (const acceleratorType of ['v5litepod-16', 'v6e-512', 'v6e-2']) {
      const p = problems({ acceleratorType });
      expect(p).toEqual([
        `run.acceleratorType="${acceleratorType}": not a TPU v6e slice; allowed: v6e-1, v6e-4, v6e-8, v6e-16, v6e-32, v6e-64, v6e-128, v6e-256`,
      ]);
    }
  });

  it('refuses a multislice of single-host slices: v6e-8 (1 host) is the last refused, v6e-16 (2 hosts) the first accepted', () => {
    expect(problems({ acceleratorType: 'v6e-8', slices: 1 })).toEqual([]);
    expect(problems({ acceleratorType: 'v6e-16', slices: 2 })).toEqual([]);
    expect(problems({ acceleratorType: 'v6e-8', slices: 2 })).toEqual([
      `run.slices="2": v6e-8 (8 chips on part of or one host) cannot form a multislice: only multi-host slices can; allowed: 1 slice of v6e-8, or 2 slices of ${MULTISLICE.acceleratorTypes.join(', ')}`,
    ]);
    for (const acceleratorType of ['v6e-1', 'v6e-4']) expect(problems({ acceleratorType, slices: 3 })).toHaveLength(1);
    expect(MULTISLICE.acceleratorTypes).toEqual(['v6e-16', 'v6e-32', 'v6e-64', 'v6e-128', 'v6e-256']);
  });

  it('refuses a slice count that is not a whole number of at least 1', () => {
    expect(problems({ slices: 1 })).toEqual([]);
    expect(problems({ slices: 0 })).toEqual([
      'run.slices="0": not a whole number of at least 1; allowed: 1, or 2+ for a multislice',
    ]);
    expect(problems({ slices: 1.5 })).toHaveLength(1);
  });

  it('refuses reserved capacity without a reservation name, and a reservation in another zone', () => {
    expect(problems({ capacity: 'reserved', reservation: 'tpu-v6e-res' })).toEqual([]);
    expect(problems({ capacity: 'reserved' })).toEqual([
      'run.reservation="undefined": required with capacity "reserved"; allowed: a reservation name in the zone, or projects/{project}/locations/us-east5-b/reservations/{reservation}',
    ]);
    expect(problems({ capacity: 'reserved', reservation: ' ' })).toHaveLength(1);
    expect(
      problems({ capacity: 'reserved', reservation: 'projects/acme-train/locations/us-east5-b/reservations/r1' }),
    ).toEqual([]);
    expect(
      problems({ capacity: 'reserved', reservation: 'projects/acme-train/locations/us-east5-a/reservations/r1' }),
    ).toEqual([
      'run.reservation="projects/acme-train/locations/us-east5-a/reservations/r1": in zone us-east5-a, but the TPU is requested in us-east5-b; allowed: a reservation in us-east5-b',
    ]);
    expect(problems({ capacity: 'reserved', reservation: 'acme/r1' })).toHaveLength(1);
    expect(problems({ capacity: 'reserved', reservation: 'Not_A_Name' })).toHaveLength(1);
    expect(problems({ capacity: 'spot', reservation: 'tpu-v6e-res' })).toEqual([
      'run.reservation="tpu-v6e-res": only used with capacity "reserved" (capacity is "spot"); allowed: no reservation, or capacity "reserved"',
    ]);
  });

  it(`refuses a wait under ${QUEUEING_POLICY.minWaitSeconds} s or beyond ${QUEUEING_POLICY.maxWaitSeconds} s (7 days)`, () => {
    expect(problems({ waitSeconds: 60 })).toEqual([]);
    expect(problems({ waitSeconds: 59 })).toEqual([
      'run.waitSeconds="59": too short (the train step looks every 60 s); allowed: a whole number of seconds from 60 to 604800 (7 days)',
    ]);
    expect(problems({ waitSeconds: 604_800 })).toEqual([]);
    expect(problems({ waitSeconds: 604_801 })).toEqual([
      'run.waitSeconds="604801": beyond the limit (the train step holding the request runs at most 7 days); allowed: a whole number of seconds from 60 to 604800 (7 days)',
    ]);
    expect(problems({ waitSeconds: 60.5 })).toEqual([
      'run.waitSeconds="60.5": not a whole number of seconds; allowed: a whole number of seconds from 60 to 604800 (7 days)',
    ]);
  });

  for (const field of ['trainingCommand', 'trainingSetup'] as const) {
    describe(field, () => {
      const max = INSTANCE_METADATA_LIMITS.maxValueBytes;

      it(`refuses one larger than a metadata value (${max} bytes accepted, ${max + 1} refused)`, () => {
        expect(problems({ [field]: 'x'.repeat(max) })).toEqual([]);
        expect(problems({ [field]: 'x'.repeat(max + 1) })).toEqual([
          `run.${field}="${'x'.repeat(40)}...": ${max + 1} bytes, larger than a metadata value may be; allowed: at most 262144 bytes (256 KiB); bring larger programs through the data lake`,
        ]);
        // Bytes, not characters: 131,072 two-byte characters fit, one more does not.
        expect(problems({ [field]: 'é'.repeat(max / 2) })).toEqual([]);
        expect(problems({ [field]: 'é'.repeat(max / 2) + 'x' })).toHaveLength(1);
      });

      it('refuses a NUL byte', () => {
        expect(problems({ [field]: 'echo a; echo b' })).toEqual([]);
        expect(problems({ [field]: 'echo a\0' })).toEqual([
          `run.${field}="echo a\\0": contains a NUL byte (metadata values and shell commands cannot carry one); allowed: text without NUL bytes`,
        ]);
      });

      it('refuses ${ and %{ (Terraform templates), not $NAME', () => {
        expect(problems({ [field]: 'echo $HOME %s {}' })).toEqual([]);
        expect(problems({ [field]: 'echo ${HOME}' })).toHaveLength(1);
        expect(problems({ [field]: 'printf %{x}' })).toHaveLength(1);
      });

      it('refuses an empty one', () => {
        expect(problems({ [field]: '  ' })).toEqual([`run.${field}="  ": empty; allowed: a shell command (bash -c)`]);
      });
    });
  }

  it(`refuses node metadata of ${INSTANCE_METADATA_LIMITS.totalBytesBelow} bytes or more in all (one byte less is accepted)`, () => {
    const setup = 's'.repeat(INSTANCE_METADATA_LIMITS.maxValueBytes);
    const withCommand = (length: number) => opts({ trainingSetup: setup, trainingCommand: 'c'.repeat(length) });
    const fixed = metadataBytes(requestMetadata(withCommand(0)));
    const lastAccepted = INSTANCE_METADATA_LIMITS.totalBytesBelow - 1 - fixed;
    expect(lastAccepted).toBeGreaterThan(0);
    expect(lastAccepted).toBeLessThanOrEqual(INSTANCE_METADATA_LIMITS.maxValueBytes);
    expect(metadataBytes(requestMetadata(withCommand(lastAccepted)))).toBe(511_999);
    expect(queuedResourceProblems('run', withCommand(lastAccepted))).toEqual([]);
    expect(queuedResourceProblems('run', withCommand(lastAccepted + 1))).toEqual([
      'run.metadata="512000 bytes": the node metadata (launcher, setup, command and run keys) is too large; allowed: fewer than 512000 bytes in all keys and values',
    ]);
  });

  it('refuses labels the template sets, empty scopes and the Compute Engine default account', () => {
    expect(problems({ labels: { environment: 'prod' } })).toEqual([
      'run.labels.environment="prod": set by the request template; allowed: labels other than environment, run-id',
    ]);
    expect(problems({ labels: { 'run-id': 'x' } })).toHaveLength(1);
    expect(problems({ labels: { Team: 'ml' } })).toHaveLength(1);
    expect(problems({ scopes: [] })).toHaveLength(1);
    expect(problems({ scopes: ['cloud-platform'] })).toHaveLength(1);
    expect(problems({ serviceAccount: { email: '123456789-compute@developer.gserviceaccount.com' } })).toHaveLength(1);
  });

  it('writes every refusal on one line in the house form, and the builder throws them all', () => {
    const bad = opts({
      acceleratorType: 'v6e-8',
      slices: 2,
      capacity: 'reserved',
      waitSeconds: 10,
      trainingCommand: 'a\0',
      labels: { environment: 'x' },
    });
    const lines = queuedResourceProblems('run', bad);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(LINE);
    expect(() => queuedResourceRequest(bad, 'run')).toThrow(InputError);
    try {
      queuedResourceRequest(bad, 'run');
    } catch (e) {
      expect((e as InputError).problems).toEqual(lines);
    }
  });
});

describe('the catalog: queued resource states', () => {
  it('sorts every state of the proto into what the train step does', () => {
    const protos = require(TPU_API.protosJson);
    const states = Object.keys(
      protos.nested.google.nested.cloud.nested.tpu.nested.v2.nested.QueuedResourceState.nested.State.values,
    ).filter((s) => s !== 'STATE_UNSPECIFIED');
    expect(Object.fromEntries(states.map((s) => [s, queuedResourceStateClass(s)]))).toEqual({
      CREATING: 'waiting',
      ACCEPTED: 'waiting',
      PROVISIONING: 'waiting',
      FAILED: 'failed',
      DELETING: 'deleting',
      ACTIVE: 'active',
      SUSPENDING: 'preempted',
      SUSPENDED: 'preempted',
      WAITING_FOR_RESOURCES: 'waiting',
    });
  });
});
