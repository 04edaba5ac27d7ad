import { z } from 'zod';
import { KFP_RULES } from '../catalog';

/**
 * The `pipeline` key of an environment: when the Vertex AI launcher starts a run, and which compiled
 * template (KFP package and tag in the environment's Artifact Registry repository) it runs.
 */

const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], base: 1 },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], base: 0 },
] as const;

const CRON_ALLOWED = 'five unix-cron fields "minute hour day-of-month month day-of-week" (e.g. "0 3 * * 1"), or null for a paused launcher';

function cronValue(raw: string, field: (typeof CRON_FIELDS)[number]): number | undefined {
  if (/^[0-9]+$/.test(raw)) return Number(raw);
  const names: readonly string[] = 'names' in field ? field.names : [];
  const i = names.indexOf(raw.toUpperCase());
  return i >= 0 && 'base' in field ? i + field.base : undefined;
}

/** Why `expr` is not a unix-cron schedule Cloud Scheduler accepts, or undefined when it is one. */
export function checkCron(expr: string): string | undefined {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return `has ${parts.length} field(s); allowed: ${CRON_ALLOWED}`;
  for (let i = 0; i < 5; i++) {
    const field = CRON_FIELDS[i];
    for (const item of parts[i].split(',')) {
      const m = /^(\*|([A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?)(?:\/([0-9]+))?$/.exec(item);
      const bad = `${field.name} "${item}" is not valid; allowed: *, a value ${field.min}-${field.max}, a range a-b, a list a,b, a step */n or a-b/n`;
      if (!m) return bad;
      const [, , from, to, step] = m;
      const values = [from, to].filter((v): v is string => v !== undefined).map((v) => cronValue(v, field));
      if (values.some((v) => v === undefined || v < field.min || v > field.max)) return bad;
      if (values.length === 2 && (values[0] as number) > (values[1] as number)) return bad;
      if (step !== undefined && (Number(step) < 1 || (from !== undefined && to === undefined))) return bad;
    }
  }
  return undefined;
}

/** Whether the runtime's tz database knows `zone` (ICU, the same database Cloud Scheduler uses). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function pattern(rule: { pattern: string; allowed: string }, what: string) {
  return z.string().regex(new RegExp(rule.pattern), { message: `not a valid ${what}; allowed: ${rule.allowed}` });
}

export const pipelineSchema = z.strictObject({
  /** unix-cron schedule of the launcher, in `timeZone`; null keeps the launcher paused (runs start by hand). */
  schedule: z
    .string()
    .nullable()
    .superRefine((value, ctx) => {
      const why = value === null ? undefined : checkCron(value);
      if (why) ctx.addIssue({ code: 'custom', message: `not a cron schedule: ${why}` });
    }),
  /** tz database name the schedule is read in, e.g. Etc/UTC or Europe/Berlin. */
  timeZone: z.string().superRefine((value, ctx) => {
    if (!isTimeZone(value)) ctx.addIssue({ code: 'custom', message: 'not a time zone; allowed: a tz database name such as Etc/UTC or America/Chicago' });
  }),
  /** The compiled pipeline's name (`pipelineInfo.name`): the package in the KFP repository. */
  templatePackage: pattern(KFP_RULES.pipelinePackage, 'KFP package name'),
  /** The tag (or `sha256:` version) of that package the launcher runs. */
  templateTag: pattern(KFP_RULES.templateTag, 'KFP template tag'),
});

export type PipelineConfig = z.infer<typeof pipelineSchema>;
