import { INSTANCE_METADATA_LIMITS, QUEUEING_POLICY } from '../src/catalog';
import { loadEnvironments } from '../src/config';
import { configProblems } from './helpers';

const MAX_WAIT_MINUTES = QUEUEING_POLICY.maxWaitSeconds / 60;
const MAX_BYTES = INSTANCE_METADATA_LIMITS.maxValueBytes;

describe('training configuration', () => {
  it('defaults: dev v6e-4 spot with a development VM, staging v6e-8 spot, prod v6e-8 on demand; every launcher paused', () => {
    const [dev, staging, prod] = loadEnvironments({});
    expect([dev.tpu, staging.tpu, prod.tpu].map((t) => [t.acceleratorType, t.capacity, t.devVm])).toEqual([
      ['v6e-4', 'spot', true],
      ['v6e-8', 'spot', false],
      ['v6e-8', 'on-demand', false],
    ]);
    for (const env of [dev, staging, prod]) {
      expect(env.training).toMatchObject({
        schedule: null,
        slices: 1,
        reservation: null,
        command: null,
        template: null,
      });
    }
  });

  it('accepts the last values in range and refuses the first ones out of it, one line each', () => {
    const edge = (change: (t: Record<string, unknown>) => void) => configProblems((e) => change(e.training));
    expect(edge((t) => (t.maxWaitMinutes = 1))).toEqual([]);
    expect(edge((t) => (t.maxWaitMinutes = MAX_WAIT_MINUTES))).toEqual([]);
    expect(edge((t) => (t.maxWaitMinutes = 0))).toEqual([
      `environments.dev.training.maxWaitMinutes=0: out of range; allowed: a whole number from 1 to ${MAX_WAIT_MINUTES} minutes`,
    ]);
    expect(edge((t) => (t.maxWaitMinutes = MAX_WAIT_MINUTES + 1))).toHaveLength(1);
    expect(edge((t) => (t.maxRestarts = 0))).toEqual([]);
    expect(edge((t) => (t.maxRestarts = -1))).toHaveLength(1);
    expect(edge((t) => (t.runTimeoutHours = 168))).toEqual([]);
    expect(edge((t) => (t.runTimeoutHours = 169))).toHaveLength(1);
  });

  it('refuses a command with a NUL byte, or larger than a metadata value (and takes the largest that fits)', () => {
    const command = (text: string) => configProblems((e) => (e.training.command = text));
    expect(command('python3 train.py\u0000')).toEqual([
      'environments.dev.training.command="python3 train.py\\u0000": contains a NUL byte; allowed: shell text without NUL bytes',
    ]);
    expect(command('x'.repeat(MAX_BYTES))).toEqual([]);
    const [line] = command('x'.repeat(MAX_BYTES + 1));
    expect(line).toMatch(
      new RegExp(
        `^environments\\.dev\\.training\\.command="x{120}\\.\\.\\.\\(\\d+ more characters\\)": ${MAX_BYTES + 1} bytes; allowed: at most ${MAX_BYTES} bytes`,
      ),
    );
    expect(configProblems((e) => (e.training.setup = '  '))).toEqual([
      'environments.dev.training.setup="  ": empty; allowed: a shell command, or null for the default',
    ]);
  });

  it('refuses a schedule that is not five cron fields', () => {
    expect(configProblems((e) => (e.training.schedule = '0 3 * *'))[0]).toMatch(
      /^environments\.dev\.training\.schedule="0 3 \* \*": not a valid schedule \(has 4 fields, not 5\)/,
    );
    expect(configProblems((e) => (e.training.schedule = '0 3 * * 1'))).toEqual([]);
  });

  it('refuses a multislice of a slice that cannot form one (v6e-8: one host), and takes one of v6e-16', () => {
    expect(configProblems((e) => (e.training.slices = 2), 'staging')).toEqual([
      'environments.staging.training.slices=2: v6e-8 cannot form a multislice (single-host slice); allowed: 1, or a slice of v6e-16, v6e-32, v6e-64, v6e-128, v6e-256',
    ]);
    expect(
      configProblems((e) => {
        e.training.slices = 2;
        e.tpu.acceleratorType = 'v6e-16';
      }, 'staging'),
    ).toEqual([]);
  });

  it('needs a reservation with reserved capacity, in the TPU zone, and none otherwise', () => {
    const reserved = (reservation: string | null) =>
      configProblems((e) => {
        e.tpu.capacity = 'reserved';
        e.training.reservation = reservation;
      }, 'prod');
    expect(reserved('team-v6e')).toEqual([]);
    expect(reserved('projects/tpu-train-prod/locations/us-central1-b/reservations/team-v6e')).toEqual([]);
    expect(reserved(null)).toEqual([
      'environments.prod.training.reservation=null: missing: tpu.capacity is reserved; allowed: the name of a reservation in us-central1-b',
    ]);
    expect(reserved('projects/tpu-train-prod/locations/us-east5-a/reservations/team-v6e')).toEqual([
      'environments.prod.training.reservation="projects/tpu-train-prod/locations/us-east5-a/reservations/team-v6e": in zone us-east5-a, not the TPU\'s zone us-central1-b; allowed: a reservation in us-central1-b',
    ]);
    expect(configProblems((e) => (e.training.reservation = 'team-v6e'), 'prod')).toEqual([
      'environments.prod.training.reservation="team-v6e": given with tpu.capacity on-demand; allowed: null, or tpu.capacity reserved',
    ]);
  });

  it('refuses a bad compiled template and unknown fields', () => {
    expect(configProblems((e) => (e.training.template = { package: 'Training_Pipeline', tag: 'v1' }))[0]).toMatch(
      /^environments\.dev\.training\.template\.package="Training_Pipeline": not a valid KFP package name/,
    );
    expect(configProblems((e) => Object.assign(e.training, { retries: 3 }))).toEqual([
      'environments.dev.training: unknown field(s) retries; allowed: only the fields in src/config/schema.ts',
    ]);
  });

  it('turns the development VM on and off from the shell (ENABLE_TPU_VM)', () => {
    expect(loadEnvironments({ ENVIRONMENT: 'prod', ENABLE_TPU_VM: 'true' })[0].tpu.devVm).toBe(true);
    expect(loadEnvironments({ ENVIRONMENT: 'dev', ENABLE_TPU_VM: 'false' })[0].tpu.devVm).toBe(false);
  });
});
