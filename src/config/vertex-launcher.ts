import { z } from 'zod';
import { KFP_RULES } from '../catalog';
import { checkCron, checkTimeZone, CRON_ALLOWED, TIME_ZONE_ALLOWED } from '../core/schedule';

/**
 * The `pipeline` key of an environment: when the Vertex AI launcher starts a run, and which compiled
 * template (KFP package and tag in the environment's Artifact Registry repository) it runs.
 */

function pattern(rule: { pattern: string; allowed: string }, what: string) {
  return z.string().regex(new RegExp(rule.pattern), { message: `not a valid ${what}; allowed: ${rule.allowed}` });
}

export const vertexLauncherSchema = z.strictObject({
  /** unix-cron schedule of the launcher, in `timeZone`; null keeps the launcher paused (runs start by hand). */
  schedule: z
    .string()
    .nullable()
    .superRefine((value, ctx) => {
      const why = value === null ? undefined : checkCron(value);
      if (why)
        ctx.addIssue({
          code: 'custom',
          message: `not a valid schedule (${why}); allowed: ${CRON_ALLOWED}, or null for a paused launcher`,
        });
    }),
  /** tz database name the schedule is read in, e.g. Etc/UTC or Europe/Berlin. */
  timeZone: z.string().superRefine((value, ctx) => {
    const why = checkTimeZone(value);
    if (why) ctx.addIssue({ code: 'custom', message: `not a time zone (${why}); allowed: ${TIME_ZONE_ALLOWED}` });
  }),
  /** The compiled pipeline's name (`pipelineInfo.name`): the package in the KFP repository. */
  templatePackage: pattern(KFP_RULES.pipelinePackage, 'KFP package name'),
  /** The tag (or `sha256:` version) of that package the launcher runs. */
  templateTag: pattern(KFP_RULES.templateTag, 'KFP template tag'),
});

export type VertexLauncherConfig = z.infer<typeof vertexLauncherSchema>;
