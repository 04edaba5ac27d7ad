import { configProblems } from './helpers';
import { ENVIRONMENTS, EnvironmentInput, loadEnvironments } from '../src/config';

function problems(change: (e: EnvironmentInput) => void): string[] {
  const found = configProblems((e) => change(e as EnvironmentInput));
  if (!found.length) throw new Error('expected a ConfigError');
  return found;
}

describe('pipeline configuration', () => {
  it('is set and valid in every committed environment, paused until a team sets a schedule', () => {
    for (const env of loadEnvironments({})) {
      expect(env.pipeline).toMatchObject({ schedule: null, timeZone: 'Etc/UTC', templatePackage: 'training-pipeline' });
    }
    expect(loadEnvironments({ ENVIRONMENT: 'prod' })[0].pipeline.templateTag).toBe('prod');
  });

  // The cron and time-zone rules themselves are tested with src/core/schedule.ts (preprocessing-config.test.ts).

  it.each<[string, (p: NonNullable<EnvironmentInput['pipeline']>) => void, RegExp]>([
    [
      'schedule',
      (p) => (p.schedule = '0 3 * *'),
      /^environments\.dev\.pipeline\.schedule="0 3 \* \*": not a valid schedule \(has 4 fields, not 5\); allowed: unix-cron with five fields .* or null for a paused launcher$/,
    ],
    [
      'time zone',
      (p) => (p.timeZone = 'Berlin'),
      /^environments\.dev\.pipeline\.timeZone="Berlin": not a time zone \(not spelled as a tz database name\); allowed: a tz database name such as "Etc\/UTC"/,
    ],
    [
      'package',
      (p) => (p.templatePackage = 'Training_Pipeline'),
      /^environments\.dev\.pipeline\.templatePackage="Training_Pipeline": not a valid KFP package name; allowed: 1-128 characters: lowercase letters, digits and hyphens/,
    ],
    [
      'tag',
      (p) => (p.templateTag = 'sha256:abc'),
      /^environments\.dev\.pipeline\.templateTag="sha256:abc": not a valid KFP template tag; allowed: a tag of 1-128 .* or a version "sha256:<64 hex digits>"$/,
    ],
  ])('reports a bad %s in one line naming the field, the value and what is allowed', (_, change, message) => {
    const found = problems((e) => change(e.pipeline as NonNullable<EnvironmentInput['pipeline']>));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it('accepts a version instead of a tag', () => {
    const committed = structuredClone(ENVIRONMENTS);
    committed.dev.pipeline = {
      ...committed.dev.pipeline,
      templateTag: `sha256:${'a'.repeat(64)}`,
    } as EnvironmentInput['pipeline'];
    expect(loadEnvironments({ ENVIRONMENT: 'dev' }, committed)[0].pipeline.templateTag).toMatch(/^sha256:a{64}$/);
  });

  it('refuses unknown pipeline fields', () => {
    const found = problems((e) => Object.assign(e.pipeline as object, { retries: 3 }));
    expect(found).toEqual([
      'environments.dev.pipeline: unknown field(s) retries; allowed: only the fields in src/config/schema.ts',
    ]);
  });
});
