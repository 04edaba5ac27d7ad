import { z } from 'zod';
import { checkCron, checkTimeZone, CRON_ALLOWED, TIME_ZONE_ALLOWED } from '../core/schedule';

/** Field rules several parts of the configuration share (zod), with the house wording. */

export const cronSchedule = z
  .string({ message: `not a schedule; allowed: ${CRON_ALLOWED}, or null for paused` })
  .nullable()
  .superRefine((value, ctx) => {
    const why = value === null ? undefined : checkCron(value);
    if (why)
      ctx.addIssue({
        code: 'custom',
        message: `not a valid schedule (${why}); allowed: ${CRON_ALLOWED}, or null for paused`,
      });
  });

/** A tz database name, e.g. Etc/UTC or Europe/Berlin. */
export const timeZone = z.string().superRefine((value, ctx) => {
  const why = checkTimeZone(value);
  if (why) ctx.addIssue({ code: 'custom', message: `not a time zone (${why}); allowed: ${TIME_ZONE_ALLOWED}` });
});

/** A number in [min, max] (whole with `integer`); `what` follows the range in the message. */
export function between(min: number, max: number, what: string, integer = false) {
  const allowed = `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}${what}`;
  return z.number({ message: `not a number; allowed: ${allowed}` }).superRefine((value, ctx) => {
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      ctx.addIssue({ code: 'custom', message: `out of range; allowed: ${allowed}` });
    }
  });
}
