import { z } from 'zod';
import {
  canFormMultislice,
  CapacityMode,
  findSlice,
  INSTANCE_METADATA_LIMITS,
  KFP_RULES,
  MAX_HOURS_PER_MONTH,
  QUEUEING_POLICY,
  V6E_ACCELERATOR_TYPES,
} from '../catalog';
import { between, cronSchedule, timeZone } from './fields';

/**
 * The `training` key of an environment: how a training run gets its TPU slice, what it runs, how
 * long it may wait and retry, and when the launcher starts one. A run is a Vertex AI pipeline run
 * (preprocess, train on a queued TPU v6e slice that exists only while it trains, publish); see
 * docs/vertex-ai-and-training.md. The slice and its capacity mode are `tpu.acceleratorType` and
 * `tpu.capacity`.
 */

const MAX_WAIT_MINUTES = QUEUEING_POLICY.maxWaitSeconds / 60;
const MIN_WAIT_MINUTES = QUEUEING_POLICY.minWaitSeconds / 60;
const MAX_SCRIPT_BYTES = INSTANCE_METADATA_LIMITS.maxValueBytes;

function pattern(rule: { pattern: string; allowed: string }, what: string) {
  return z.string().regex(new RegExp(rule.pattern), { message: `not a valid ${what}; allowed: ${rule.allowed}` });
}

/** A shell snippet run on every worker: no NUL byte, within one metadata value, at least one character. */
const shellScript = z
  .string({ message: 'not a string; allowed: a shell command, or null for the default' })
  .nullable()
  .superRefine((value, ctx) => {
    if (value === null) return;
    if (value.includes('\u0000'))
      ctx.addIssue({ code: 'custom', message: 'contains a NUL byte; allowed: shell text without NUL bytes' });
    else if (value.trim() === '')
      ctx.addIssue({ code: 'custom', message: 'empty; allowed: a shell command, or null for the default' });
    else if (Buffer.byteLength(value, 'utf8') > MAX_SCRIPT_BYTES)
      ctx.addIssue({
        code: 'custom',
        message: `${Buffer.byteLength(value, 'utf8')} bytes; allowed: at most ${MAX_SCRIPT_BYTES} bytes (a TPU metadata value); keep larger programs in the bucket's scripts/ prefix and run them from there`,
      });
  });

export const trainingSchema = z.strictObject({
  /** unix-cron schedule of the training launcher, in `timeZone`; null keeps it paused (runs start by hand). */
  schedule: cronSchedule,
  timeZone,
  /** unix-cron schedule of the janitor (deletes stranded TPU requests), in `timeZone`; null keeps it paused. */
  janitorSchedule: cronSchedule,
  /** Slices of `tpu.acceleratorType` a run trains on; more than 1 is a multislice (v6e-16 and larger). */
  slices: between(1, 64, ' slices', true),
  /** With `tpu.capacity` reserved: the reservation's name (`<name>`, or `projects/<p>/locations/<zone>/reservations/<name>`). */
  reservation: z
    .string({ message: 'not a string; allowed: a reservation name, or null' })
    .regex(
      /^(projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/locations\/[a-z0-9-]+\/reservations\/)?[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
      {
        message: 'not a reservation name; allowed: <name> or projects/<p>/locations/<zone>/reservations/<name>',
      },
    )
    .nullable(),
  /** How long a run's TPU request may wait for capacity before it fails (queueingPolicy.validUntilDuration). */
  maxWaitMinutes: between(MIN_WAIT_MINUTES, MAX_WAIT_MINUTES, ' minutes', true),
  /** New requests after preemption before the run fails; the command resumes from CHECKPOINT_DIR. */
  maxRestarts: between(0, 100, ' restarts', true),
  /** Wall-clock limit of the train step (waiting included); the request is deleted when it passes. */
  runTimeoutHours: between(1, 168, ' hours', true),
  /** Run once on every worker before `command`. null: the default command's setup (installs JAX for TPU). */
  setup: shellScript,
  /** The training program, run on every worker. null: prove the slice (src/jobs/prove_slice.py). */
  command: shellScript,
  /** A compiled pipeline in the environment's KFP repository to run instead of the generated one; null: the generated spec, inline. */
  template: z
    .strictObject({
      package: pattern(KFP_RULES.pipelinePackage, 'KFP package name'),
      tag: pattern(KFP_RULES.templateTag, 'KFP template tag'),
    })
    .nullable(),
  /** Hours a month the slice trains (for `npm run cost`). */
  hoursPerMonth: between(0, MAX_HOURS_PER_MONTH, ` (${MAX_HOURS_PER_MONTH} = a 31-day month)`),
  /** Runs a month (for `npm run cost`: each run also bills its provisioning). */
  runsPerMonth: between(0, 1000, ' runs', true),
});

export type TrainingConfig = z.infer<typeof trainingSchema>;

/** What the cross-field rules of `training` read from an environment. */
interface TrainingContext {
  readonly zone: string;
  readonly tpu: { readonly acceleratorType: string; readonly capacity: CapacityMode };
  readonly training: TrainingConfig;
}

/**
 * Rules across fields: a reservation exactly with capacity reserved and in the environment's zone; a
 * multislice only of slices that can form one.
 */
export function trainingProblems(
  env: TrainingContext,
  add: (path: (string | number)[], message: string) => void,
): void {
  const { training, tpu } = env;
  if (tpu.capacity === 'reserved' && training.reservation === null) {
    add(
      ['training', 'reservation'],
      'missing: tpu.capacity is reserved; allowed: the name of a reservation in ' + env.zone,
    );
  }
  if (tpu.capacity !== 'reserved' && training.reservation !== null) {
    add(
      ['training', 'reservation'],
      `given with tpu.capacity ${tpu.capacity}; allowed: null, or tpu.capacity reserved`,
    );
  }
  const reservationZone = training.reservation?.startsWith('projects/')
    ? training.reservation.split('/')[3]
    : undefined;
  if (reservationZone !== undefined && reservationZone !== env.zone) {
    add(
      ['training', 'reservation'],
      `in zone ${reservationZone}, not the TPU's zone ${env.zone}; allowed: a reservation in ${env.zone}`,
    );
  }
  const slice = findSlice(tpu.acceleratorType);
  if (slice && training.slices > 1 && !canFormMultislice(slice)) {
    const multi = V6E_ACCELERATOR_TYPES.filter((t) => canFormMultislice(findSlice(t)!));
    add(
      ['training', 'slices'],
      `${tpu.acceleratorType} cannot form a multislice (single-host slice); allowed: 1, or a slice of ${multi.join(', ')}`,
    );
  }
}
