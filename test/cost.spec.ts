import { configProblems } from './helpers';
import {
  DATAPROC_MIN_DCUS,
  DATAPROC_SERVERLESS_PRICES,
  STORAGE_STANDARD_REGIONAL_PRICES,
  TPU_RUN_OVERHEAD,
  TPU_V6E_PRICES,
} from '../src/catalog';
import { loadEnvironments } from '../src/config';
import { EnvironmentInput } from '../src/config/schema';
import { costEnvironments, estimate, money, toMarkdown } from '../src/tools/cost';
import { InputError } from '../src/core/errors';
import { envConfig } from './helpers';

describe('pricing catalog', () => {
  it('holds the GA announcement prices for v6e, and no invented spot price', () => {
    expect([TPU_V6E_PRICES.onDemand.usd, TPU_V6E_PRICES.commit1Year.usd, TPU_V6E_PRICES.commit3Year.usd]).toEqual([
      2.7, 1.89, 1.22,
    ]);
    expect(TPU_V6E_PRICES.spot.usd).toBeNull();
    expect(DATAPROC_SERVERLESS_PRICES.dcuHour.usd).toBe(0.06);
    expect(DATAPROC_MIN_DCUS).toBe(12);
    expect(STORAGE_STANDARD_REGIONAL_PRICES['us-central1'].usd).toBe(0.02);
    for (const p of [
      ...Object.values(TPU_V6E_PRICES),
      DATAPROC_SERVERLESS_PRICES.dcuHour,
      STORAGE_STANDARD_REGIONAL_PRICES['us-central1'],
    ]) {
      expect(p.source.url).toMatch(/https:\/\//);
      expect(p.source.checked).toMatch(/^\d{4}-\d{2}$/);
    }
  });
});

describe('estimate', () => {
  it('prices prod (v6e-8 on-demand): $21.60 an hour, billed hours x rate a month, per preprocessing run, storage, total', () => {
    const e = estimate(
      envConfig('prod', (x) => {
        x.training = { ...x.training, hoursPerMonth: 95, runsPerMonth: 20 }; // + 20 x 0.25 h overhead = 100 h billed
        x.cost = {
          dataSizeGiB: 2000,
          preprocessingDcus: 24,
          preprocessingHoursPerRun: 1.5,
          preprocessingRunsPerMonth: 3,
        };
      }),
    );
    const byOption = Object.fromEntries(e.tpu.map((t) => [t.option, t]));
    expect(byOption.onDemand).toMatchObject({ perHour: 21.6, perMonth: 2160 });
    expect(byOption.commit1Year).toMatchObject({ perHour: 15.12, perMonth: 1512 });
    expect(byOption.commit3Year).toMatchObject({ perHour: 9.76, perMonth: 976 });
    expect(byOption.spot).toMatchObject({ perHour: null, perMonth: null });
    expect(e.configured).toBe('onDemand');
    expect(e.dataproc).toMatchObject({ perRun: 2.16, perMonth: 6.48 }); // 24 DCU x 1.5 h x $0.06
    expect(e.storage.perMonth).toBe(40); // 2000 GiB x $0.020
    expect(e.total).toBe(2206.48);
  });

  it('on spot, gives no total but on-demand as the upper bound', () => {
    const e = estimate(envConfig('staging'));
    expect(e.configured).toBe('spot');
    expect(e.total).toBeNull();
    const onDemand = e.tpu.find((t) => t.option === 'onDemand')!.perMonth!;
    expect(e.upperBound).toBeCloseTo(onDemand + e.dataproc.perMonth! + e.storage.perMonth!, 2);
    expect(toMarkdown(e)).toContain(`| **Total (TPU spot)** | | | | **at most ${money(e.upperBound)}** | |`);
    expect(toMarkdown(e)).toMatch(
      /- Spot: no sourced v6e spot price; .* The total uses on-demand as the upper bound\./,
    );
  });

  it('bills reserved capacity at the 1-year commitment and says so', () => {
    const e = estimate(
      envConfig('prod', (x) => {
        x.tpu.capacity = 'reserved';
        x.training = { ...x.training, reservation: 'team-v6e' };
      }),
    );
    expect(e.configured).toBe('commit1Year');
    expect(e.total).toBeCloseTo(
      e.tpu.find((t) => t.option === 'commit1Year')!.perMonth! + e.dataproc.perMonth! + e.storage.perMonth!,
      2,
    );
    expect(toMarkdown(e)).toContain('the total assumes a 1-year commitment');
  });

  it('says unknown for storage in a region the catalog has no price for', () => {
    const e = estimate(envConfig('dev', (x) => Object.assign(x, { region: 'europe-west4', zone: 'europe-west4-a' })));
    expect(e.storage.perMonth).toBeNull();
    expect(e.total).toBeNull();
    expect(e.upperBound).toBeNull();
    expect(toMarkdown(e)).toContain('- Storage: unknown: the catalog has no Standard storage price for europe-west4.');
  });
});

describe('billed TPU hours against training hours', () => {
  it('bills each run its training hours plus the provisioning overhead, and 730 h for a development VM', () => {
    const dev = estimate(envConfig('dev')); // 60 h in 8 runs, and the development VM
    expect(dev.trainingHours).toBe(60);
    expect(dev.devVmHours).toBe(730);
    expect(dev.billedHours).toBe(60 + 8 * TPU_RUN_OVERHEAD.hoursPerRun + 730);
    expect(dev.billedPerTrainingHour).toBe(Math.round(((60 + 8 * 0.25 + 730) / 60) * 100) / 100);
    const prod = estimate(envConfig('prod')); // no development VM
    expect(prod.devVmHours).toBe(0);
    expect(prod.billedHours).toBe(500 + 20 * TPU_RUN_OVERHEAD.hoursPerRun);
    expect(prod.tpu.find((t) => t.option === 'onDemand')!.perMonth).toBe(
      Math.round(21.6 * prod.billedHours * 100) / 100,
    );
  });

  it('bills every slice of a multislice run, and says n/a with no training hours', () => {
    const multi = estimate(
      envConfig('prod', (x) => {
        x.tpu = { ...x.tpu, acceleratorType: 'v6e-16' };
        x.training = { ...x.training, slices: 2, hoursPerMonth: 10, runsPerMonth: 1 };
      }),
    );
    expect(multi.sliceHours).toBe((10 + 0.25) * 2);
    const none = estimate(
      envConfig('prod', (x) => (x.training = { ...x.training, hoursPerMonth: 0, runsPerMonth: 0 })),
    );
    expect(none.billedPerTrainingHour).toBeNull();
    expect(toMarkdown(none)).toContain('| prod | 0 | 0 | n/a |');
  });

  it('shows the ratio in the table', () => {
    expect(toMarkdown(estimate(envConfig('dev')))).toContain(
      '| TPU hours a month | training | billed | billed per training hour |',
    );
    expect(toMarkdown(estimate(envConfig('dev')))).toMatch(
      /\| dev \| 60 \| 792 \(730 of them the development VM\) \| 13\.2x \|/,
    );
  });
});

describe('toMarkdown', () => {
  const md = toMarkdown(estimate(envConfig('prod')));

  it('is a table of hours, then one with TPU per hour and per month, Dataproc per run, storage, total, and numbered sources', () => {
    const all = md.split('\n').filter((l) => l.startsWith('| '));
    expect(all.slice(0, 2)).toEqual([
      '| TPU hours a month | training | billed | billed per training hour |',
      '| prod | 500 | 505 | 1.01x |',
    ]);
    const rows = all.slice(2);
    expect(rows[0]).toBe('| item | rate | per hour | per run | per month | source |');
    expect(rows.slice(1).map((r) => r.split(' | ')[0])).toEqual([
      '| TPU v6e-8 on-demand (configured)',
      '| TPU v6e-8 spot',
      '| TPU v6e-8 1-year commitment',
      '| TPU v6e-8 3-year commitment',
      '| Dataproc Serverless preprocessing',
      '| Cloud Storage Standard, us-central1',
      '| **Total (TPU on-demand)**',
    ]);
    expect(md).toContain(
      '| TPU v6e-8 on-demand (configured) | 8 chips × $2.70/chip-hour × 505 slice-h | $21.60 | | $10,908.00 | 1 |',
    );
    expect(md).toContain(
      '| Dataproc Serverless preprocessing | 48 DCU × 2 h × $0.060/DCU-hour | | $5.76 | $172.80 (30 runs) | 3 |',
    );
    expect(md).toContain('| Cloud Storage Standard, us-central1 | 10,000 GiB × $0.020/GiB-month | | | $200.00 | 4 |');
    expect(md).toContain('| **Total (TPU on-demand)** | | | | **$11,280.80** | |');
    expect(md).toMatch(
      /\n1\. .*\$2\.7000 per chip-hour.* \(checked 2026-11\)\n2\. https:\/\/cloud.google.com\/tpu\/pricing/,
    );
  });
});

describe('cost configuration', () => {
  const problems = (change: (c: EnvironmentInput) => void) => configProblems((e) => change(e as EnvironmentInput));

  it('is committed for every environment', () => {
    for (const env of loadEnvironments({})) expect(env.training.hoursPerMonth).toBeGreaterThan(0);
  });

  it.each([
    [
      'more TPU hours than a month has',
      (c: EnvironmentInput) => void (c.training.hoursPerMonth = 800),
      'environments.dev.training.hoursPerMonth=800: out of range; allowed: a number from 0 to 744 (744 = a 31-day month)',
    ],
    [
      'fewer DCUs than Dataproc bills',
      (c: EnvironmentInput) => void (c.cost.preprocessingDcus = 8),
      'environments.dev.cost.preprocessingDcus=8: out of range; allowed: a number from 12 to 10000 (Dataproc Serverless bills at least 12)',
    ],
    [
      'a fraction of a run',
      (c: EnvironmentInput) => void (c.cost.preprocessingRunsPerMonth = 1.5),
      'environments.dev.cost.preprocessingRunsPerMonth=1.5: out of range; allowed: a whole number from 0 to 10000',
    ],
    [
      'negative data',
      (c: EnvironmentInput) => void (c.cost.dataSizeGiB = -1),
      'environments.dev.cost.dataSizeGiB=-1: out of range; allowed: a number from 0 to 10000000 GiB',
    ],
    [
      'a run longer than a batch may live',
      (c: EnvironmentInput) => void (c.cost.preprocessingHoursPerRun = 400),
      'environments.dev.cost.preprocessingHoursPerRun=400: out of range; allowed: a number from 0.01 to 336 hours',
    ],
    [
      'a string',
      (c: EnvironmentInput) => void ((c.training as Record<string, unknown>).hoursPerMonth = '100'),
      'environments.dev.training.hoursPerMonth="100": not a number; allowed: a number from 0 to 744 (744 = a 31-day month)',
    ],
  ])('refuses %s with one line naming field, value and what is allowed', (_, change, message) => {
    expect(problems(change)).toEqual([message]);
  });

  it('refuses unknown fields', () => {
    expect(problems((c) => void ((c.cost as Record<string, unknown>).gpuHours = 1))).toEqual([
      'environments.dev.cost: unknown field(s) gpuHours; allowed: only the fields in src/config/schema.ts',
    ]);
  });
});

describe('costEnvironments (which environments npm run cost prices)', () => {
  const names = (args: string[], shell: Record<string, string>) => costEnvironments(args, shell).map((e) => e.name);

  it('selects the named ones, else ENVIRONMENT, else all', () => {
    expect(names([], {})).toEqual(['dev', 'staging', 'prod']);
    expect(names([], { ENVIRONMENT: 'prod' })).toEqual(['prod']);
    expect(names(['prod', 'dev'], {})).toEqual(['dev', 'prod']);
    expect(names(['dev'], { ENVIRONMENT: 'dev' })).toEqual(['dev']);
  });

  it('never selects nothing: every combination of arguments and ENVIRONMENT either prices something or says why not', () => {
    const argSets = [[], ['dev'], ['prod'], ['dev', 'staging'], ['qa']];
    for (const environment of [undefined, 'dev', 'staging', 'prod', 'qa']) {
      for (const args of argSets) {
        const shell: Record<string, string> = environment ? { ENVIRONMENT: environment } : {};
        let selected: string[] | undefined;
        try {
          selected = names(args, shell);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as InputError).problems.length).toBeGreaterThan(0);
          continue;
        }
        expect(selected.length).toBeGreaterThan(0);
      }
    }
  });

  it('reports every bad argument, one line each', () => {
    expect(() => costEnvironments(['qa', 'dev'], { ENVIRONMENT: 'prod' })).toThrow(
      expect.objectContaining({
        problems: [
          '<env>="qa": unknown environment; allowed: dev, staging, prod',
          'ENVIRONMENT="prod": differs from <env>="dev"; allowed: unset, or the same environment',
        ],
      }),
    );
  });

  it('applies the shell inputs to the one environment named, as ENVIRONMENT=<env> would', () => {
    expect(names(['dev'], { BUCKET_NAME: 'my-dev-lake' })).toEqual(['dev']);
    expect(() => costEnvironments([], { BUCKET_NAME: 'my-dev-lake' })).toThrow(
      /BUCKET_NAME="my-dev-lake": names one resource/,
    );
  });
});
