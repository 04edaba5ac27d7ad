import { z } from 'zod';
import {
  checkName,
  DATAPROC_MIN_DCUS,
  findTpuZone,
  MAX_HOURS_PER_MONTH,
  MAX_LABELS,
  NAMING_RULES,
  NamingRuleName,
  V6E_ACCELERATOR_TYPES,
  V6E_ZONES,
} from '../catalog';

export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** How the TPU's capacity is obtained. */
export const CAPACITY_MODES = ['on-demand', 'spot', 'reserved'] as const;
export type CapacityMode = (typeof CAPACITY_MODES)[number];

function named(rule: NamingRuleName) {
  return z.string().superRefine((value, ctx) => {
    const why = checkName(rule, value);
    if (why) ctx.addIssue({ code: 'custom', message: `not a valid ${NAMING_RULES[rule].what}; allowed: ${why}` });
  });
}

function oneOf(values: readonly string[], what: string) {
  return z.string().superRefine((value, ctx) => {
    if (!values.includes(value)) ctx.addIssue({ code: 'custom', message: `not ${what}; allowed: ${values.join(', ')}` });
  });
}

const region = z.string().regex(/^[a-z]+-[a-z]+[0-9]+$/, { message: 'not a region name; allowed: e.g. us-central1' });

const labels = z.record(z.string(), z.string()).superRefine((value, ctx) => {
  const keys = Object.keys(value);
  if (keys.length > MAX_LABELS - 3) {
    ctx.addIssue({ code: 'custom', message: `too many labels (${keys.length}); allowed: at most ${MAX_LABELS - 3} besides the standard three` });
  }
  for (const key of keys) {
    const keyWhy = checkName('labelKey', key);
    if (keyWhy) ctx.addIssue({ code: 'custom', path: [key], message: `label key "${key}" is not valid; allowed: ${keyWhy}` });
    const valueWhy = checkName('labelValue', value[key]);
    if (valueWhy) ctx.addIssue({ code: 'custom', path: [key], message: `not a valid label value; allowed: ${valueWhy}` });
  }
});

function between(min: number, max: number, what: string, integer = false) {
  const allowed = `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}${what}`;
  return z.number({ message: `not a number; allowed: ${allowed}` }).superRefine((value, ctx) => {
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      ctx.addIssue({ code: 'custom', message: `out of range; allowed: ${allowed}` });
    }
  });
}

/** What `npm run cost` assumes about usage (src/cost): a month's TPU hours, data held, preprocessing. */
const cost = z.strictObject({
  /** Hours the TPU slice runs per month (it is billed while it exists, busy or not). */
  tpuHoursPerMonth: between(0, MAX_HOURS_PER_MONTH, ` (${MAX_HOURS_PER_MONTH} = a 31-day month)`),
  /** Data kept in the data lake bucket, on average over the month. */
  dataSizeGiB: between(0, 10_000_000, ' GiB'),
  /** DCUs one preprocessing batch uses (Dataproc Serverless bills at least 12). */
  preprocessingDcus: between(DATAPROC_MIN_DCUS, 10_000, ` (Dataproc Serverless bills at least ${DATAPROC_MIN_DCUS})`),
  /** Wall-clock hours of one preprocessing run (a batch's ttl is at most 14 days). */
  preprocessingHoursPerRun: between(0.01, 336, ' hours'),
  /** Preprocessing runs per month. */
  preprocessingRunsPerMonth: between(0, 10_000, '', true),
});

/** One environment's configuration, as committed in environments.ts and overridden from the shell. */
export const environmentSchema = z
  .strictObject({
    name: z.enum(ENVIRONMENT_NAMES),
    projectId: named('projectId'),
    region,
    zone: oneOf(V6E_ZONES, 'a zone that offers TPU v6e'),
    namePrefix: named('namePrefix'),
    tpu: z.strictObject({
      name: named('tpuNodeName'),
      acceleratorType: oneOf(V6E_ACCELERATOR_TYPES, 'a TPU v6e accelerator type'),
      capacity: z.enum(CAPACITY_MODES, { message: `not a capacity mode; allowed: ${CAPACITY_MODES.join(', ')}` }),
    }),
    bucket: z.strictObject({ name: named('bucketName') }),
    network: z.strictObject({
      name: named('networkName'),
      subnetName: named('subnetName'),
      subnetCidr: z
        .string()
        .regex(/^(10|172|192)\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\/(1[6-9]|2[0-9])$/, {
          message: 'not a private IPv4 range; allowed: an RFC 1918 CIDR with a prefix of /16 to /29',
        }),
    }),
    enableMonitoring: z.boolean({ message: 'not a boolean; allowed: true, false' }),
    enableVertexAi: z.boolean({ message: 'not a boolean; allowed: true, false' }),
    /** Prod: stateful resources cannot be destroyed by `cdktf destroy`. */
    deletionProtection: z.boolean({ message: 'not a boolean; allowed: true, false' }),
    labels,
    cost,
    stateBackend: z.strictObject({ bucket: named('bucketName'), prefix: z.string().regex(/^[a-z0-9][-_/a-z0-9]*$/, { message: 'not a state prefix; allowed: lowercase letters, digits, -, _ and /' }) }),
  })
  .superRefine((env, ctx) => {
    const tpuZone = findTpuZone(env.zone);
    if (tpuZone && tpuZone.region !== env.region) {
      ctx.addIssue({ code: 'custom', path: ['zone'], message: `not in region ${env.region}; allowed: a zone of ${env.region} that offers TPU v6e (${zonesOf(env.region)})` });
    }
  });

function zonesOf(region: string): string {
  const zones = V6E_ZONES.filter((z) => findTpuZone(z)?.region === region);
  return zones.length ? zones.join(', ') : `none: ${region} has no v6e zone`;
}

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
/** The committed, unvalidated form. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
