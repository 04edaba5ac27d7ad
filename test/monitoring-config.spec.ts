import { configProblems } from './helpers';
import { TerraformStack, Testing } from 'cdktf';
import { loadEnvironments } from '../src/config';
import { InputError } from '../src/core/errors';
import { TrainingMonitoring, TrainingMonitoringProps } from '../constructs/monitoring';
import { ProjectBudget } from '../constructs/monitoring';
import { channelId } from '../constructs/monitoring';
import { evaluate } from '../src/policy';

describe('monitoring configuration', () => {
  const problems = (change: (e: Record<string, any>) => void) => configProblems(change);

  it('is committed for every environment: monitoring on, no address yet (no placeholder), no billing account yet', () => {
    for (const env of loadEnvironments({})) {
      expect(env.enableMonitoring).toBe(true);
      expect(env.monitoring.notificationEmails).toEqual([]);
      expect(env.monitoring.billingAccount).toBeNull();
      expect(env.monitoring.monthlyBudget).toBeGreaterThan(0);
    }
  });

  it('accepts a billing account and several addresses', () => {
    expect(
      problems(
        (e) =>
          (e.monitoring = {
            notificationEmails: ['a@acme-ml.io', 'b.c+tpu@ml.acme-ml.io'],
            billingAccount: '01A2B3-C4D5E6-F7A8B9',
            monthlyBudget: 100,
          }),
      ),
    ).toEqual([]);
  });

  it('accepts no address, with monitoring on or off (the policy pack warns instead)', () => {
    expect(problems((e) => ((e.enableMonitoring = false), (e.monitoring.notificationEmails = [])))).toEqual([]);
    expect(problems((e) => ((e.enableMonitoring = true), (e.monitoring.notificationEmails = [])))).toEqual([]);
  });

  it.each<[string, (e: Record<string, any>) => void, RegExp]>([
    [
      'bad address',
      (e) => (e.monitoring.notificationEmails = ['oncall.example.com']),
      /^environments\.dev\.monitoring\.notificationEmails\.0="oncall\.example\.com": not an email address; allowed: name@domain/,
    ],
    [
      'address with interpolation',
      (e) => (e.monitoring.notificationEmails = ['${x}@example.com']),
      /^environments\.dev\.monitoring\.notificationEmails\.0="\$\{x\}@example\.com": not an email address/,
    ],
    [
      'a placeholder domain (example.com)',
      (e) => (e.monitoring.notificationEmails = ['ml-platform-oncall@example.com']),
      /^environments\.dev\.monitoring\.notificationEmails\.0="ml-platform-oncall@example\.com": a placeholder domain \(example\.com is reserved for documentation, RFC 2606\): mail to it reaches no one; allowed: a real address of the team on call, or no address at all \(\[\]: the policy pack warns\)$/,
    ],
    [
      'a placeholder domain (a subdomain of example.org, any case)',
      (e) => (e.monitoring.notificationEmails = ['oncall@ML.Example.ORG']),
      /^environments\.dev\.monitoring\.notificationEmails\.0="oncall@ML\.Example\.ORG": a placeholder domain \(example\.org/,
    ],
    [
      'a placeholder domain (example.net)',
      (e) => (e.monitoring.notificationEmails = ['a@acme-ml.io', 'b@example.net']),
      /^environments\.dev\.monitoring\.notificationEmails\.1="b@example\.net": a placeholder domain/,
    ],
    [
      'more than five addresses',
      (e) => (e.monitoring.notificationEmails = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `${x}@acme-ml.io`)),
      /^environments\.dev\.monitoring\.notificationEmails=\[.*\]: too many addresses; allowed: at most 5/,
    ],
    [
      'the same address twice',
      (e) => (e.monitoring.notificationEmails = ['a@acme-ml.io', 'A@acme-ml.io']),
      /^environments\.dev\.monitoring\.notificationEmails\.1="A@acme-ml\.io": listed twice; allowed: each address once$/,
    ],
    [
      'a currency in lowercase',
      (e) => (e.monitoring.currency = 'usd'),
      /^environments\.dev\.monitoring\.currency="usd": not a currency code; allowed: the billing account's ISO 4217 code in capitals, e\.g\. USD, EUR$/,
    ],
    [
      'billing account format',
      (e) => (e.monitoring.billingAccount = '0123456789AB'),
      /^environments\.dev\.monitoring\.billingAccount="0123456789AB": not a billing account id; allowed: XXXXXX-XXXXXX-XXXXXX/,
    ],
    [
      'billing account in lowercase',
      (e) => (e.monitoring.billingAccount = '01a2b3-c4d5e6-f7a8b9'),
      /monitoring\.billingAccount="01a2b3-c4d5e6-f7a8b9": not a billing account id/,
    ],
    [
      'budget of zero',
      (e) => (e.monitoring.monthlyBudget = 0),
      /^environments\.dev\.monitoring\.monthlyBudget=0: not positive; allowed: a whole number of the billing account's currency \(monitoring\.currency, default USD\) above 0$/,
    ],
    ['budget in cents', (e) => (e.monitoring.monthlyBudget = 12.5), /monthlyBudget=12\.5: not a whole number/],
    ['budget as text', (e) => (e.monitoring.monthlyBudget = '100'), /monthlyBudget="100": not a number/],
    [
      'missing billing account',
      (e) => delete e.monitoring.billingAccount,
      /^environments\.dev\.monitoring\.billingAccount=undefined: not a billing account id; allowed: .*or null for no budget$/,
    ],
    [
      'unknown key',
      (e) => (e.monitoring.slack = 'x'),
      /^environments\.dev\.monitoring: unknown field\(s\) slack; allowed/,
    ],
    [
      'missing key',
      (e) => delete e.monitoring,
      /^environments\.dev\.monitoring=undefined: missing or not an object; allowed: \{ notificationEmails/,
    ],
  ])('refuses %s with one line', (_name, change, expected) => {
    const lines = problems(change);
    expect(lines.some((l) => expected.test(l))).toBe(true);
  });
});

describe('TrainingMonitoring refuses bad literals with one line each', () => {
  const base: TrainingMonitoringProps = {
    enabled: true,
    projectId: 'p-test-123',
    environment: 'dev',
    region: 'us-central1',
    zone: 'us-central1-b',
    tpuNodeName: 'tpu-dev-trainer',
    bucketName: 'fake-data-lake',
    notificationEmails: ['oncall@example.com'],
  };
  function build(change: Partial<TrainingMonitoringProps>): () => void {
    return () => new TrainingMonitoring(new TerraformStack(Testing.app(), 's'), 'monitoring', { ...base, ...change });
  }

  it('builds with the defaults', () => {
    expect(build({})).not.toThrow();
  });

  it('builds with no address: policies without channels (the policy pack warns, TPU-MON-001)', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new TrainingMonitoring(stack, 'monitoring', { ...base, notificationEmails: [] });
    const tf = JSON.parse(Testing.synth(stack));
    expect(tf.resource.google_monitoring_notification_channel).toBeUndefined();
    const policies = Object.values(tf.resource.google_monitoring_alert_policy) as Record<string, unknown>[];
    for (const p of policies) expect(p.notification_channels ?? []).toEqual([]);
    const findings = evaluate(tf).findings.filter((f) => f.rule === 'TPU-MON-001');
    expect(findings).toEqual([expect.objectContaining({ level: 'warning' })]);
  });

  it.each<[string, Partial<TrainingMonitoringProps>, string]>([
    [
      'idle minutes that are not whole',
      { tpuIdleMinutes: 1.5 },
      'monitoring alert policy "tpu-idle" conditions[0].duration="90s": not a whole number of minutes; allowed: a multiple of 60s',
    ],
    [
      'a log rate limit under five minutes',
      { logAlertRateLimitMinutes: 1 },
      'alert policy "dataproc-batch-failed" alertStrategy.notificationRateLimit.period="60s": missing or too short for a log-match condition; allowed: at least 300s',
    ],
    [
      'an idle threshold of 100%',
      { tpuIdleThresholdPercent: 100 },
      'monitoring.tpuIdleThresholdPercent=100: out of range; allowed: a percentage above 0 and below 100',
    ],
    [
      'an error ratio of 5 (not a fraction)',
      { gcsServerErrorRatio: 5 },
      'monitoring.gcsServerErrorRatio=5: out of range; allowed: a fraction above 0 and below 1',
    ],
    [
      'a bad address',
      { notificationEmails: ['x'] },
      'monitoring/channels.emails="x": not an email address; allowed: name@domain',
    ],
    [
      'two addresses with one channel id',
      { notificationEmails: ['a.b@example.com', 'a-b@example.com'] },
      'monitoring/channels.emails="a-b@example.com": same channel as "a.b@example.com"; allowed: each address once',
    ],
    [
      'a billing account without a budget',
      { billingAccount: '012345-6789AB-CDEF01' },
      'monitoring.monthlyBudget=undefined: a billing account needs a budget',
    ],
    [
      'a malformed billing account',
      { billingAccount: '12345-6789AB-CDEF01', monthlyBudget: 10 },
      'monitoring/budget.billingAccount="12345-6789AB-CDEF01": not a billing account id',
    ],
    [
      'a budget threshold of 0',
      { billingAccount: '012345-6789AB-CDEF01', monthlyBudget: 10, budgetThresholds: [0] },
      'monitoring/budget.thresholds=0: out of range',
    ],
  ])('%s', (_name, change, expected) => {
    let error: unknown;
    try {
      build(change)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.some((p) => p.includes(expected))).toBe(true);
  });

  it('refuses more than five budget channels', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `projects/p/notificationChannels/${x}`);
    expect(
      () =>
        new ProjectBudget(new TerraformStack(Testing.app(), 's'), 'b', {
          billingAccount: '012345-6789AB-CDEF01',
          projectId: 'p',
          environment: 'dev',
          monthlyAmountUsd: 1,
          notificationChannels: names,
        }),
    ).toThrow('b.notificationChannels: 6 channels; allowed: at most 5');
  });

  it('derives channel ids from the address, so one address does not move the others', () => {
    expect(channelId('ML.Oncall+tpu@Example.com')).toBe('email-ml-oncall-tpu-example-com');
    const ids = (emails: string[]) => {
      const stack = new TerraformStack(Testing.app(), 's');
      new TrainingMonitoring(stack, 'monitoring', { ...base, notificationEmails: emails });
      return Object.keys(JSON.parse(Testing.synth(stack)).resource.google_monitoring_notification_channel);
    };
    expect(ids(['a@example.com', 'b@example.com'])).toEqual(expect.arrayContaining(ids(['b@example.com'])));
  });
});
