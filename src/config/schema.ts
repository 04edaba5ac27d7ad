import { z } from 'zod';
import {
  BILLING_BUDGETS,
  checkName,
  DATAPROC_MIN_DCUS,
  findTpuZone,
  MAX_LABELS,
  NAMING_RULES,
  NamingRuleName,
  placeholderDomainOf,
  V6E_ACCELERATOR_TYPES,
  STORAGE_CMEK,
  V6E_ZONES,
  TPU_CAPACITY_MODES,
  zoneCapacityProblem,
  zonesServing,
} from '../catalog';
import type { CapacityMode } from '../catalog';
import { NETWORK_MODES } from '../../constructs/network/props';
import { EMAIL_PATTERN, shown } from '../core/problem-line';
import { between, cronSchedule } from './fields';
import { trainingProblems, trainingSchema } from './training';
import { checkTimeZone, TIME_ZONE_ALLOWED } from '../core/schedule';

export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** How the TPU's capacity is obtained (a catalog fact). */
export const CAPACITY_MODES = TPU_CAPACITY_MODES;
export type { CapacityMode };

export { NETWORK_MODES } from '../../constructs/network/props';
export type { NetworkMode } from '../../constructs/network/props';

/** The VPC network Google Cloud creates in every new project (unless an organization policy stops it). */
const DEFAULT_NETWORK = 'default';

/** Bucket encryption: Google-managed, a key ring and key created by the stack, or a Cloud KMS key name. */
export const BUCKET_ENCRYPTION_MODES = ['google-managed', 'cmek'] as const;

function named(rule: NamingRuleName) {
  return z.string().superRefine((value, ctx) => {
    const why = checkName(rule, value);
    if (why) ctx.addIssue({ code: 'custom', message: `not a valid ${NAMING_RULES[rule].what}; allowed: ${why}` });
  });
}

function oneOf(values: readonly string[], what: string) {
  return z.string().superRefine((value, ctx) => {
    if (!values.includes(value))
      ctx.addIssue({ code: 'custom', message: `not ${what}; allowed: ${values.join(', ')}` });
  });
}

const flag = z.boolean({ message: 'not a boolean; allowed: true, false' });
const FLOW_SAMPLING = 'a share of flows above 0 and at most 1, e.g. 0.1';

const bucketEncryption = z.string().superRefine((value, ctx) => {
  if (
    (BUCKET_ENCRYPTION_MODES as readonly string[]).includes(value) ||
    new RegExp(STORAGE_CMEK.keyNamePattern).test(value)
  )
    return;
  ctx.addIssue({
    code: 'custom',
    message: `not an encryption mode; allowed: ${BUCKET_ENCRYPTION_MODES.join(', ')}, or a key name projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>`,
  });
});

const region = z.string().regex(/^[a-z]+-[a-z]+[0-9]+$/, { message: 'not a region name; allowed: e.g. us-central1' });

const labels = z.record(z.string(), z.string()).superRefine((value, ctx) => {
  const keys = Object.keys(value);
  if (keys.length > MAX_LABELS - 3) {
    ctx.addIssue({
      code: 'custom',
      message: `too many labels (${keys.length}); allowed: at most ${MAX_LABELS - 3} besides the standard three`,
    });
  }
  for (const key of keys) {
    const keyWhy = checkName('labelKey', key);
    if (keyWhy)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `label key ${shown(key)} is not valid; allowed: ${keyWhy}`,
      });
    const valueWhy = checkName('labelValue', value[key]);
    if (valueWhy)
      ctx.addIssue({ code: 'custom', path: [key], message: `not a valid label value; allowed: ${valueWhy}` });
  }
});

/**
 * A practical check of an email address: one @, a dotted domain, no spaces, quotes, `$` or braces
 * (the address is written into Terraform strings, where `${` would be read as interpolation).
 */
export { EMAIL_PATTERN };

const email = z
  .string()
  .regex(EMAIL_PATTERN, { message: "not an email address; allowed: name@domain, the on-call team's address" })
  .superRefine((value, ctx) => {
    const placeholder = EMAIL_PATTERN.test(value) ? placeholderDomainOf(value) : undefined;
    if (placeholder)
      ctx.addIssue({
        code: 'custom',
        message: `a placeholder domain (${placeholder} is reserved for documentation, RFC 2606): mail to it reaches no one; allowed: a real address of the team on call, or no address at all ([]: the policy pack warns)`,
      });
  });

const BILLING_ACCOUNT_MESSAGE =
  'not a billing account id; allowed: XXXXXX-XXXXXX-XXXXXX (uppercase letters and digits), or null for no budget';
const WHOLE_UNITS = "a whole number of the billing account's currency (monitoring.currency, default USD)";
const CURRENCY_MESSAGE = "not a currency code; allowed: the billing account's ISO 4217 code in capitals, e.g. USD, EUR";
const MAX_CHANNELS = BILLING_BUDGETS.maxMonitoringChannels;

/** Who is told when an alert fires, and the project's monthly budget. */
const monitoring = z.strictObject(
  {
    /**
     * One email notification channel each; every alert policy (and the budget) notifies all of them.
     * Empty: no channel (alerts fire, reach no one, and the policy pack warns at synth, TPU-MON-001).
     * Placeholder domains (example.com, .org, .net) are refused.
     */
    notificationEmails: z
      .array(email, { message: 'not a list; allowed: a list of email addresses' })
      .max(MAX_CHANNELS, {
        message: `too many addresses; allowed: at most ${MAX_CHANNELS} (a billing budget notifies at most ${MAX_CHANNELS} channels)`,
      }),
    /** Cloud Billing account that pays for the project; null: no budget is created. */
    billingAccount: z
      .string({ message: BILLING_ACCOUNT_MESSAGE })
      .regex(new RegExp(BILLING_BUDGETS.billingAccountPattern), { message: BILLING_ACCOUNT_MESSAGE })
      .nullable(),
    /**
     * The billing account's currency (ISO 4217), which the budget amount is in: the Budget API refuses
     * another. Default: USD.
     */
    currency: z
      .string({ message: CURRENCY_MESSAGE })
      .regex(new RegExp(BILLING_BUDGETS.currencyPattern), { message: CURRENCY_MESSAGE })
      .optional(),
    /** Monthly budget in whole units of `currency`; alerts at 50%, 90% and 100% of it. */
    monthlyBudget: z
      .number({ message: `not a number; allowed: ${WHOLE_UNITS}` })
      .int({ message: `not a whole number; allowed: ${WHOLE_UNITS}` })
      .positive({ message: `not positive; allowed: ${WHOLE_UNITS} above 0` }),
  },
  {
    message:
      'missing or not an object; allowed: { notificationEmails: [addresses], billingAccount: "XXXXXX-XXXXXX-XXXXXX" or null, currency?: "USD", monthlyBudget: number }',
  },
);
/** What `npm run cost` assumes about usage (src/tools/cost): a month's TPU hours, data held, preprocessing. */
const cost = z.strictObject({
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
      /** An always-on TPU VM for development (billed every hour it exists). Training runs need none. */
      devVm: flag,
    }),
    bucket: z.strictObject({
      /** Globally unique. Default: `<projectId>-data-lake`, so a new project id gives a new name. */
      name: named('bucketName').optional(),
      /** Folders as resources (Cloud Storage FUSE throughput); replaces versioning; creation-time only. Default false. */
      hierarchicalNamespace: flag.optional(),
      /** Default google-managed. */
      encryption: bucketEncryption.optional(),
      /** An Anywhere Cache in the TPU's zone. Default false. */
      anywhereCache: flag.optional(),
      /** Usage logs to a separate log bucket. Default false. */
      accessLogs: flag.optional(),
      /** Cloud Storage data-access audit logs for the project. Default: on where deletionProtection is on. */
      dataAccessAuditLogs: flag.optional(),
    }),
    network: z.strictObject({
      /** Default create. */
      mode: z.enum(NETWORK_MODES, { message: `not a network mode; allowed: ${NETWORK_MODES.join(', ')}` }).optional(),
      /** Cloud Router + Cloud NAT for egress. Default: true when mode is create, false for an existing network. */
      cloudNat: flag.optional(),
      name: named('networkName'),
      subnetName: named('subnetName'),
      /** Range of the created subnet; with mode existing, the subnet's own range is used instead. */
      subnetCidr: z.string().regex(/^(10|172|192)\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\/(1[6-9]|2[0-9])$/, {
        message: 'not a private IPv4 range; allowed: an RFC 1918 CIDR with a prefix of /16 to /29',
      }),
      /** Share of flows the created subnet's flow logs sample, (0, 1]. Default: Google's 0.5. */
      flowLogSampling: z
        .number({ message: `not a number; allowed: ${FLOW_SAMPLING}` })
        .refine((v) => v > 0 && v <= 1, { message: `out of range; allowed: ${FLOW_SAMPLING}` })
        .optional(),
    }),
    enableMonitoring: z.boolean({ message: 'not a boolean; allowed: true, false' }),
    enableVertexAi: z.boolean({ message: 'not a boolean; allowed: true, false' }),
    /** Training runs: the slice count, capacity wait, restarts, the command, and the launcher's schedule. */
    training: trainingSchema,
    monitoring,
    /** Prod: stateful resources cannot be destroyed by `cdktf destroy`. */
    deletionProtection: z.boolean({ message: 'not a boolean; allowed: true, false' }),
    labels,
    /** When the preprocessing batch runs (see constructs/preprocessing/preprocessing-job.ts). */
    preprocessing: z.strictObject({
      /** unix-cron for the Cloud Scheduler job; null keeps the job paused (run by hand only). */
      schedule: cronSchedule,
      timeZone: z.string().superRefine((value, ctx) => {
        const why = checkTimeZone(value);
        if (why) ctx.addIssue({ code: 'custom', message: `${why}; allowed: ${TIME_ZONE_ALLOWED}` });
      }),
      /** Also run the batch once at deploy (google_dataproc_batch, which Terraform waits for). */
      runAtDeploy: z.boolean({ message: 'not a boolean; allowed: true, false' }),
    }),
    cost,
    /**
     * Terraform state in GCS. `bucket` default: `<projectId>-tfstate` (created by `npm run bootstrap`).
     * `project` default: `projectId`. A project of its own keeps the state out of reach of every
     * workload identity (project-wide roles such as roles/dataproc.worker write every bucket of
     * their project); in the workloads' project the stack conditions those roles off the bucket.
     */
    stateBackend: z.strictObject({
      project: named('projectId').optional(),
      bucket: named('bucketName').optional(),
      prefix: z.string().regex(/^[a-z0-9][-_/a-z0-9]*$/, {
        message: 'not a state prefix; allowed: lowercase letters, digits, -, _ and /',
      }),
    }),
  })
  .superRefine((env, ctx) => {
    trainingProblems(env, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    const auditLogs = env.bucket.dataAccessAuditLogs ?? env.deletionProtection;
    if (env.bucket.accessLogs && auditLogs) {
      ctx.addIssue({
        code: 'custom',
        path: ['bucket', 'accessLogs'],
        message: `usage logs on together with Data Access audit logs (bucket.dataAccessAuditLogs${env.bucket.dataAccessAuditLogs === undefined ? ', on by default with deletionProtection' : ''}): every read would be logged twice; allowed: one of the two (accessLogs false, or dataAccessAuditLogs false)`,
      });
    }
    const keyRegion = env.bucket.encryption?.startsWith('projects/') ? env.bucket.encryption.split('/')[3] : undefined;
    if (keyRegion !== undefined && keyRegion !== env.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['bucket', 'encryption'],
        message: `key is in ${keyRegion}, not in the bucket's region ${env.region}; allowed: a key in ${env.region}`,
      });
    }
    const emails = env.monitoring.notificationEmails;
    emails.forEach((address, i) => {
      if (emails.findIndex((e) => e.toLowerCase() === address.toLowerCase()) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['monitoring', 'notificationEmails', i],
          message: 'listed twice; allowed: each address once',
        });
      }
    });
    const tpuZone = findTpuZone(env.zone);
    if (tpuZone && tpuZone.region !== env.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['zone'],
        // A rule of two fields: src/config/load.ts names REGION when only REGION was given.
        params: { pair: 'region' },
        message: `not in region ${env.region}; allowed: a zone of ${env.region} that offers TPU v6e (${zonesOf(env.region)})`,
      });
    }
    if ((env.network.mode ?? 'create') === 'create' && env.network.name === DEFAULT_NETWORK) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'name'],
        message: `is the network every new project has, which network mode create would try to create again; allowed: another name, or network.mode "existing" to use it`,
      });
    }
    const capacityProblem = zoneCapacityProblem(env.zone, env.tpu.capacity);
    if (tpuZone && capacityProblem) {
      const here = zonesServing(env.tpu.capacity, tpuZone.region);
      ctx.addIssue({
        code: 'custom',
        path: ['zone'],
        message: `${capacityProblem} (tpu.capacity); allowed: a zone that serves ${env.tpu.capacity} v6e capacity (${here.length ? here.join(', ') : `none in ${tpuZone.region}; elsewhere ${zonesServing(env.tpu.capacity).join(', ')}`}), or tpu.capacity ${tpuZone.capacityModes.join(' or ')}`,
      });
    }
  })
  .transform((env) => ({
    ...env,
    bucket: { ...env.bucket, name: env.bucket.name ?? derivedBucketName(env.projectId, 'data-lake') },
    stateBackend: {
      ...env.stateBackend,
      project: env.stateBackend.project ?? env.projectId,
      bucket: env.stateBackend.bucket ?? derivedBucketName(env.projectId, 'tfstate'),
    },
  }));

/**
 * A bucket name derived from the project id (bucket names are global: a fixed default would collide
 * across projects). Project ids are 6-30 characters of the bucket alphabet, so the result is valid.
 */
export function derivedBucketName(projectId: string, purpose: 'data-lake' | 'tfstate'): string {
  return `${projectId}-${purpose}`;
}

function zonesOf(region: string): string {
  const zones = V6E_ZONES.filter((z) => findTpuZone(z)?.region === region);
  return zones.length ? zones.join(', ') : `none: ${region} has no v6e zone`;
}

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
/** The committed, unvalidated form. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
