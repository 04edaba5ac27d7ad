import { Token } from 'cdktf';
import { checkCron, checkTimeZone, CRON_ALLOWED, TIME_ZONE_ALLOWED } from './schedule';
/**
 * One line per problem with a Cloud Scheduler schedule and time zone given to a construct
 * (`<path>.schedule="...": ...; allowed: ...`). Null schedules (paused) and tokens pass.
 */
export function scheduleProblems(path: string, schedule: string | null, timeZone: string | undefined): string[] {
  const problems: string[] = [];
  const cronWhy = schedule === null || Token.isUnresolved(schedule) ? undefined : checkCron(schedule);
  if (cronWhy) problems.push(`${path}.schedule="${schedule}": not a valid schedule (${cronWhy}); allowed: ${CRON_ALLOWED}, or null for paused`);
  const tzWhy = timeZone === undefined || Token.isUnresolved(timeZone) ? undefined : checkTimeZone(timeZone);
  if (tzWhy) problems.push(`${path}.timeZone="${timeZone}": ${tzWhy}; allowed: ${TIME_ZONE_ALLOWED}`);
  return problems;
}
