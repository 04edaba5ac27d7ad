import { ConfigError, ENVIRONMENTS, EnvironmentInput, EnvironmentName, loadEnvironments } from '../src/config';
import { checkCron, checkTimeZone } from '../src/core/schedule';

function problemsWith(change: (envs: Record<EnvironmentName, EnvironmentInput>) => void): string[] {
  const committed = structuredClone(ENVIRONMENTS);
  change(committed);
  try {
    loadEnvironments({}, committed);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('preprocessing configuration', () => {
  const [dev, staging, prod] = loadEnvironments({});

  it('keeps dev paused (run by hand) and runs prod and staging daily, none at deploy', () => {
    expect(dev.preprocessing).toEqual({ schedule: null, timeZone: 'Etc/UTC', runAtDeploy: false });
    expect(prod.preprocessing).toEqual({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', runAtDeploy: false });
    expect(staging.preprocessing.schedule).toBe('0 3 * * *');
  });

  const cases: [string, (e: Record<EnvironmentName, EnvironmentInput>) => void, RegExp][] = [
    [
      'bad cron',
      (e) => void (e.dev.preprocessing.schedule = '0 3 * *'),
      /^environments\.dev\.preprocessing\.schedule="0 3 \* \*": not a valid schedule \(has 4 fields, not 5\); allowed: unix-cron .* or null for paused$/,
    ],
    [
      'non-string schedule',
      (e) => void ((e.prod.preprocessing as { schedule: unknown }).schedule = 3),
      /^environments\.prod\.preprocessing\.schedule=3: not a schedule; allowed: unix-cron/,
    ],
    [
      'bad time zone',
      (e) => void (e.staging.preprocessing.timeZone = 'utc'),
      /^environments\.staging\.preprocessing\.timeZone="utc": not spelled as a tz database name; allowed: a tz database name/,
    ],
    [
      'unknown time zone',
      (e) => void (e.staging.preprocessing.timeZone = 'Europe/Atlantis'),
      /timeZone="Europe\/Atlantis": not a known tz database name/,
    ],
    [
      'runAtDeploy not boolean',
      (e) => void ((e.dev.preprocessing as { runAtDeploy: unknown }).runAtDeploy = 'yes'),
      /^environments\.dev\.preprocessing\.runAtDeploy="yes": not a boolean; allowed: true, false$/,
    ],
    [
      'unknown key',
      (e) => void ((e.dev.preprocessing as Record<string, unknown>).paused = true),
      /^environments\.dev\.preprocessing: unknown field\(s\) paused/,
    ],
  ];
  it.each(cases)('refuses a %s with one line', (_what, change, message) => {
    const lines = problemsWith(change);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

describe('unix-cron rules', () => {
  it.each([
    '0 3 * * *',
    '*/15 * * * *',
    '0 9-17/2 * * MON-FRI',
    '0 0 1,15 * *',
    '30 2 * JAN,jul 0',
    '0 0 * * 7',
    '59 23 31 12 6',
  ])('accepts "%s"', (cron) => {
    expect(checkCron(cron)).toBeUndefined();
  });
  it.each([
    ['', 'has 0 fields, not 5'],
    ['* * * *', 'has 4 fields, not 5'],
    ['60 * * * *', '"60" in minute is outside 0-59'],
    ['0 0 0 * *', '"0" in day-of-month is outside 1-31'],
    ['0 0 * 13 *', '"13" in month is outside 1-12'],
    ['0 0 * * 8', '"8" in day-of-week is outside 0-7'],
    ['0 5-1 * * *', 'range "5-1" in hour runs backwards'],
    ['*/0 * * * *', 'step "0" in minute is not a number from 1 to 59'],
    ['5/10 * * * *', 'step "5/10" in minute needs * or a range before /'],
    ['0 0 1,,2 * *', 'empty list element in day-of-month'],
    ['@daily * * * *', '"@daily" in minute is outside 0-59'],
  ])('refuses "%s": %s', (cron, why) => {
    expect(checkCron(cron)).toBe(why);
  });
  it('time zones: tz names yes, lower case and inventions no', () => {
    for (const zone of ['Etc/UTC', 'UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires'])
      expect(checkTimeZone(zone)).toBeUndefined();
    for (const zone of ['utc', 'europe/berlin', 'Mars/Olympus', '']) expect(checkTimeZone(zone)).toBeDefined();
  });
});
