/**
 * Rules for Cloud Scheduler schedules: unix-cron (five fields) and tz database time zones. Each
 * check returns why a value is wrong, or undefined when it is right, so configuration (zod) and
 * constructs (InputError) report the same words.
 */
import { shown } from './problem-line';

/** What a schedule may be, for messages. */
export const CRON_ALLOWED =
  'unix-cron with five fields "minute hour day-of-month month day-of-week", each *, a number, a range a-b, a step */n or a-b/n, or a comma list of those; e.g. "0 3 * * *" (daily at 03:00)';

export const TIME_ZONE_ALLOWED = 'a tz database name such as "Etc/UTC", "UTC", "Europe/Berlin" or "America/New_York"';

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Three-letter names accepted for this field (index + offset = value). */
  readonly names?: readonly string[];
  readonly nameOffset?: number;
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
    nameOffset: 1,
  },
  // 0 and 7 are both Sunday.
  { name: 'day-of-week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], nameOffset: 0 },
];

function value(field: CronField, text: string): number | undefined {
  if (/^[0-9]{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + (field.nameOffset ?? 0) : undefined;
}

function checkElement(field: CronField, element: string): string | undefined {
  const [range, step, ...rest] = element.split('/');
  if (rest.length) return `${shown(element)} has more than one step`;
  if (step !== undefined && !(/^[0-9]{1,2}$/.test(step) && Number(step) >= 1 && Number(step) <= field.max)) {
    return `step ${shown(step)} in ${field.name} is not a number from 1 to ${field.max}`;
  }
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `${shown(range)} in ${field.name} is not a value or range`;
  const [low, high] = bounds.map((b) => value(field, b));
  if (low === undefined || (bounds.length === 2 && high === undefined)) {
    return `${shown(range)} in ${field.name} is outside ${field.min}-${field.max}`;
  }
  if (high !== undefined && high < low) return `range ${shown(range)} in ${field.name} runs backwards`;
  if (step !== undefined && bounds.length === 1)
    return `step ${shown(element)} in ${field.name} needs * or a range before /`;
  return undefined;
}

/** Why `expression` is not a unix-cron schedule Cloud Scheduler accepts, or undefined. */
export function checkCron(expression: string): string | undefined {
  // Checked as written, not a trimmed copy: the value goes to Cloud Scheduler exactly as it is.
  if (/[^\S ]/.test(expression)) return 'has a line break, tab or other space that is not " "';
  if (expression !== expression.trim()) return 'starts or ends with a space';
  const fields = expression.split(/ +/);
  if (expression === '' || fields.length !== 5) return `has ${expression === '' ? 0 : fields.length} fields, not 5`;
  for (let i = 0; i < 5; i++) {
    for (const element of fields[i].split(',')) {
      const why = element === '' ? `empty list element in ${FIELDS[i].name}` : checkElement(FIELDS[i], element);
      if (why) return why;
    }
  }
  return undefined;
}

/** What Intl said of each zone asked about: building a DateTimeFormat is the costly part of a check. */
const INTL_VERDICTS = new Map<string, string | undefined>();

/** Why `zone` is not a tz database time zone name, or undefined. */
export function checkTimeZone(zone: string): string | undefined {
  // Intl accepts any casing ("utc"); Cloud Scheduler wants the database's own spelling.
  if (!/^(UTC|GMT|[A-Z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+)$/.test(zone)) return 'not spelled as a tz database name';
  if (!INTL_VERDICTS.has(zone)) {
    let verdict: string | undefined;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      verdict = 'not a known tz database name';
    }
    INTL_VERDICTS.set(zone, verdict);
  }
  return INTL_VERDICTS.get(zone);
}
