import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PREFLIGHT_CONSTRAINTS,
  PREFLIGHT_ENDPOINTS,
  REQUIRED_SERVICES,
  TPU_V6E_QUOTA,
  TPU_V6E_RESERVATION,
} from '../src/catalog';
import { ENVIRONMENT_NAMES, loadEnvironments } from '../src/config';
import { InputError } from '../src/core/errors';
import {
  accessToken,
  cell,
  parsePreflightArgs,
  clientSettings,
  CommandRunner,
  GoogleJsonClient,
  judgeConstraint,
  locationCovered,
  PreflightReport,
  PreflightTarget,
  PREFLIGHT_VARIABLES,
  quotaValue,
  Row,
  runChecks,
  targetOf,
  toJson,
  toMarkdown,
} from '../src/tools/preflight';
import { bundleCli, runBundle } from './delivery-helpers';
import {
  acceleratorTypesBody,
  aggregateReservationBody,
  bucketBody,
  FakeGoogle,
  googleError,
  policyBody,
  quotaBody,
  serviceDisabled,
  servicesBody,
  specificReservationBody,
} from './preflight-fake';

const fake = new FakeGoogle();
let base = '';
beforeAll(async () => {
  base = await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const [devEnv] = loadEnvironments({ ENVIRONMENT: 'dev' });
/** dev: v6e-4 spot, 1 slice and the dev VM (8 chips), us-central1-b. */
const DEV: PreflightTarget = targetOf(devEnv);
const Z = TPU_V6E_QUOTA.preemptible.zone;
const R = TPU_V6E_QUOTA.preemptible.region;

function client(timeoutMs = 2000, apiBase = base): GoogleJsonClient {
  return new GoogleJsonClient({ token: 'test-token', apiBase, timeoutMs, quotaProject: DEV.projectId });
}

async function check(t: Partial<PreflightTarget> = {}, api = client()): Promise<PreflightReport> {
  return runChecks(api, 'dev', { ...DEV, ...t });
}

function row(report: PreflightReport, start: string): Row {
  const found = report.rows.filter((r) => r.check.startsWith(start));
  if (found.length !== 1)
    throw new Error(`${found.length} rows start with ${start}: ${report.rows.map((r) => r.check)}`);
  return found[0];
}

const verdicts = (report: PreflightReport) => report.rows.map((r) => r.verdict);

describe('a healthy project (the fake as it starts)', () => {
  it('every check ok, in order, one row each; only GET requests, with the token and the quota project', async () => {
    const report = await check();
    expect(report.rows.map((r) => r.check)).toEqual([
      'APIs enabled',
      `preemptible (spot) v6e quota in us-central1-b (${Z})`,
      `preemptible (spot) v6e quota in us-central1 (${R})`,
      'accelerator type offered in us-central1-b',
      ...PREFLIGHT_CONSTRAINTS.map((c) => `org policy ${c.name}`),
      'state bucket',
    ]);
    expect(verdicts(report).every((v) => v === 'ok')).toBe(true);
    expect(row(report, 'preemptible (spot) v6e quota in us-central1-b')).toMatchObject({
      wanted: '8 chips: v6e-4 (4 chips) × 1 slice + the dev VM (4)',
      found: '64 chips',
    });
    expect(fake.seen.length).toBe(11);
    expect(new Set(fake.seen.map((s) => s.method))).toEqual(new Set(['GET']));
    for (const s of fake.seen) {
      expect(s.headers.authorization).toBe('Bearer test-token');
      expect(s.headers['x-goog-user-project']).toBe('tpu-train-dev');
    }
    const batch = new URL(fake.seen.find((s) => s.url.includes(':batchGet'))!.url, base);
    expect(batch.searchParams.getAll('names')).toEqual(
      REQUIRED_SERVICES.map((s) => `projects/tpu-train-dev/services/${s}`),
    );
    expect(fake.seen.map((s) => new URL(s.url, base).pathname)).toEqual(
      expect.arrayContaining([
        `/v1/projects/tpu-train-dev/locations/global/services/tpu.googleapis.com/quotaInfos/${Z}`,
        '/v2/projects/tpu-train-dev/locations/us-central1-b/acceleratorTypes',
        '/v2/projects/tpu-train-dev/policies/gcp.resourceLocations:getEffectivePolicy',
        '/storage/v1/b/tpu-train-dev-tfstate',
      ]),
    );
  });

  it('renders a Markdown table a reviewer pastes, and JSON with the counts', async () => {
    const report = await check();
    const md = toMarkdown(report);
    expect(md.split('\n').slice(0, 4)).toEqual([
      '**Preflight dev** (project `tpu-train-dev`, zone `us-central1-b`): nothing in the way',
      '',
      '| check | wanted | found | verdict |',
      '|---|---|---|---|',
    ]);
    expect(md).toContain('| state bucket | gs://tpu-train-dev-tfstate, versioned | exists, versioned | ok |');
    expect(JSON.parse(toJson(report))).toMatchObject({ environment: 'dev', blockers: 0, warnings: 0 });
  });
});

describe('APIs', () => {
  it('warn listing the APIs not enabled (the deploy enables them)', async () => {
    fake.set('services', { body: servicesBody(['tpu.googleapis.com', 'cloudkms.googleapis.com']) });
    const r = row(await check(), 'APIs enabled');
    expect(r.verdict).toBe('warn');
    expect(r.found).toMatch(/^not enabled: tpu\.googleapis\.com, cloudkms\.googleapis\.com \(the deploy enables them/);
  });

  it('the Service Usage API itself off in the quota project: warn naming it', async () => {
    fake.set('services', serviceDisabled('serviceusage.googleapis.com'));
    expect(row(await check(), 'APIs enabled')).toMatchObject({
      verdict: 'warn',
      found:
        'HTTP 403 PERMISSION_DENIED: "serviceusage.googleapis.com has not been used in project 123456789012 before or it is disabled."; not checked: enable serviceusage.googleapis.com in the quota project to read it',
    });
  });
});

describe('v6e quota', () => {
  it('BLOCKER when the zone holds fewer chips than the run and the dev VM need', async () => {
    fake.set(`quota:${Z}`, {
      body: quotaBody(Z, 'zone', [{ location: 'us-central1-b', value: '4' }, { value: '64' }]),
    });
    const report = await check();
    expect(row(report, 'preemptible (spot) v6e quota in us-central1-b')).toMatchObject({
      verdict: 'BLOCKER',
      found: '4 chips: too few; v6e quota is requested through Google Cloud support',
    });
    expect(row(report, 'preemptible (spot) v6e quota in us-central1 ').verdict).toBe('ok');
  });

  it('a value left out is 0 (proto3 JSON), and a zone with no entry of its own takes the default entry', async () => {
    fake.set(`quota:${R}`, { body: quotaBody(R, 'region', [{ location: 'us-east5', value: '256' }, {}]) });
    expect(row(await check(), 'preemptible (spot) v6e quota in us-central1 ')).toMatchObject({
      verdict: 'BLOCKER',
      found: '0 chips: too few; v6e quota is requested through Google Cloud support',
    });
    expect(
      quotaValue(
        quotaBody(Z, 'zone', [{ location: 'us-east5-a', value: '9' }, { value: '16' }]),
        'zone',
        'us-central1-b',
      ),
    ).toBe(16);
    expect(quotaValue(quotaBody(Z, 'zone', [{ location: 'us-east5-a', value: '9' }]), 'zone', 'us-central1-b')).toBe(0);
    expect(quotaValue({ dimensionsInfos: 'x' }, 'zone', 'us-central1-b')).toBeUndefined();
  });

  it('-1 is unlimited; on-demand capacity reads the on-demand ids; more slices want more chips', async () => {
    fake.set(`quota:${TPU_V6E_QUOTA.onDemand.zone}`, {
      body: quotaBody(TPU_V6E_QUOTA.onDemand.zone, 'zone', [{ value: '-1' }]),
    });
    const report = await check({ capacity: 'on-demand', acceleratorType: 'v6e-16', slices: 4, devVm: false });
    expect(row(report, 'on-demand v6e quota in us-central1-b')).toMatchObject({
      check: `on-demand v6e quota in us-central1-b (${TPU_V6E_QUOTA.onDemand.zone})`,
      wanted: '64 chips: v6e-16 (16 chips) × 4 slices',
      found: 'unlimited',
      verdict: 'ok',
    });
    expect(row(report, 'on-demand v6e quota in us-central1 ')).toMatchObject({ found: '64 chips', verdict: 'ok' });
  });

  it('a quota id Cloud Quotas does not know: warn, not checked', async () => {
    fake.set(`quota:${R}`, googleError(404, 'NOT_FOUND', `QuotaInfo ${R} not found`));
    expect(row(await check(), 'preemptible (spot) v6e quota in us-central1 ')).toMatchObject({
      verdict: 'warn',
      found: `HTTP 404 NOT_FOUND: "QuotaInfo ${R} not found"; not checked: quota id unknown to Cloud Quotas`,
    });
  });
});

describe('accelerator type in the zone', () => {
  it('BLOCKER when the zone does not offer it to this project, after following every page', async () => {
    fake.set('acceleratorTypes', [
      { body: acceleratorTypesBody(['v5litepod-4', 'v6e-1'], 'page-2') },
      { body: acceleratorTypesBody(['v6e-8']) },
    ]);
    const report = await check();
    expect(row(report, 'accelerator type offered')).toMatchObject({
      verdict: 'BLOCKER',
      found: 'not offered to this project; v6e types listed: v6e-1, v6e-8',
    });
    const pages = fake.seen.filter((s) => s.url.includes('/acceleratorTypes')).map((s) => new URL(s.url, base));
    expect(pages.map((u) => u.searchParams.get('pageToken'))).toEqual([null, 'page-2']);
  });

  it('found on a later page: ok', async () => {
    fake.set('acceleratorTypes', [
      { body: acceleratorTypesBody(['v6e-1'], 'p2') },
      { body: acceleratorTypesBody(['v6e-4']) },
    ]);
    expect(row(await check(), 'accelerator type offered').verdict).toBe('ok');
  });

  it('a zone the TPU API does not know: BLOCKER', async () => {
    fake.set('acceleratorTypes', googleError(404, 'NOT_FOUND', 'Location us-central1-b not found'));
    expect(row(await check(), 'accelerator type offered')).toMatchObject({
      verdict: 'BLOCKER',
      found: 'HTTP 404 NOT_FOUND: "Location us-central1-b not found": the TPU API knows no such zone',
    });
  });
});

describe('reservation (capacity reserved: instead of the quota rows)', () => {
  const reserved: Partial<PreflightTarget> = { capacity: 'reserved', reservation: 'v6e-reserved', devVm: false };

  it('a specific reservation of enough ct6e-standard-4t VMs in the zone: ok, and no quota row', async () => {
    const report = await check(reserved);
    expect(report.rows.some((r) => r.check.includes('quota'))).toBe(false);
    expect(row(report, 'reservation v6e-reserved')).toMatchObject({
      wanted: 'READY in us-central1-b, room for 4 chips: v6e-4 (4 chips) × 1 slice',
      found: '4 free ct6e-standard-4t VMs (1 needed)',
      verdict: 'ok',
    });
    expect(fake.seen.map((s) => s.url)).toContain(
      '/compute/v1/projects/tpu-train-dev/zones/us-central1-b/reservations/v6e-reserved',
    );
  });

  it('another project named in full: read there', async () => {
    const report = await check({
      ...reserved,
      reservation: 'projects/shared-tpus/locations/us-central1-b/reservations/pool',
    });
    expect(row(report, 'reservation pool (project shared-tpus)').verdict).toBe('ok');
    expect(fake.seen.map((s) => s.url)).toContain(
      '/compute/v1/projects/shared-tpus/zones/us-central1-b/reservations/pool',
    );
  });

  it.each([
    [
      'too few free VMs',
      specificReservationBody('ct6e-standard-8t', 3, 2),
      { acceleratorType: 'v6e-16', slices: 1 },
      '1 free ct6e-standard-8t VMs, 2 needed',
    ],
    [
      'hosts of another size',
      specificReservationBody('ct6e-standard-8t', 4),
      {},
      'reserves ct6e-standard-8t; v6e-4 runs on ct6e-standard-4t hosts',
    ],
    ['not v6e', specificReservationBody('ct5lp-hightpu-4t', 4), {}, 'reserves ct5lp-hightpu-4t, not v6e (ct6e)'],
    [
      'another zone',
      specificReservationBody('ct6e-standard-4t', 4, 0, 'us-east5-a'),
      {},
      'in zone us-east5-a, not us-central1-b',
    ],
    [
      'an aggregate reservation with too few chips',
      aggregateReservationBody(TPU_V6E_RESERVATION.vmFamily, 16, 14),
      {},
      '2 free v6e chips, 4 needed',
    ],
    [
      'an aggregate reservation of another family',
      aggregateReservationBody('VM_FAMILY_CLOUD_TPU_POD_SLICE_CT5P', 16),
      {},
      'aggregate reservation of VM_FAMILY_CLOUD_TPU_POD_SLICE_CT5P, not v6e',
    ],
  ])('BLOCKER: %s', async (_what, body, change, found) => {
    fake.set('reservation', { body });
    expect(row(await check({ ...reserved, ...change }), 'reservation')).toMatchObject({ found, verdict: 'BLOCKER' });
  });

  it('an aggregate reservation with room: ok; one not READY yet: warn', async () => {
    fake.set('reservation', { body: aggregateReservationBody(TPU_V6E_RESERVATION.vmFamily, 16, 8) });
    expect(row(await check(reserved), 'reservation')).toMatchObject({
      found: '8 free v6e chips (4 needed)',
      verdict: 'ok',
    });
    fake.set('reservation', { body: specificReservationBody('ct6e-standard-4t', 2, 0, 'us-central1-b', 'CREATING') });
    expect(row(await check(reserved), 'reservation')).toMatchObject({
      found: '2 free ct6e-standard-4t VMs (1 needed), but status CREATING',
      verdict: 'warn',
    });
  });

  it('missing: BLOCKER', async () => {
    fake.set(
      'reservation',
      googleError(
        404,
        'NOT_FOUND',
        "The resource 'projects/tpu-train-dev/zones/us-central1-b/reservations/v6e-reserved' was not found",
      ),
    );
    expect(row(await check(reserved), 'reservation')).toMatchObject({
      verdict: 'BLOCKER',
      found: `HTTP 404 NOT_FOUND: "The resource 'projects/tpu-train-dev/zones/us-central1-b/reservations/v6e-reserved' was not found": no such reservation in us-central1-b`,
    });
  });
});

describe('organization policies', () => {
  const stack = { region: 'us-central1', zone: 'us-central1-b', bucketEncryption: 'google-managed' };
  const judge = (name: string, rules: unknown[], s = stack) => judgeConstraint(name, rules as never, s);

  it('external IPs and OS Login: ok whatever the policy (the stack uses no external IP and turns OS Login on)', () => {
    expect(judge('compute.vmExternalIpAccess', [{ denyAll: true }])).toMatchObject({ found: 'denyAll', verdict: 'ok' });
    expect(judge('compute.requireOsLogin', [{ enforce: true }])).toMatchObject({ found: 'enforced', verdict: 'ok' });
  });

  it('Shielded VM enforced: warn (Secure Boot is off on TPU VMs by default); not enforced: ok', () => {
    expect(judge('compute.requireShieldedVm', [{ enforce: true }]).verdict).toBe('warn');
    expect(judge('compute.requireShieldedVm', [{ enforce: false }]).verdict).toBe('ok');
    expect(judge('compute.requireShieldedVm', []).found).toBe('not enforced');
  });

  it('CMEK required for a service the stack uses without CMEK: BLOCKER; for storage with a CMEK bucket: ok', () => {
    const denyStorage = [{ values: { deniedValues: ['is:storage.googleapis.com'] } }];
    expect(judge('gcp.restrictNonCmekServices', denyStorage)).toMatchObject({
      found:
        'denied: is:storage.googleapis.com: requires CMEK for storage.googleapis.com, which the stack creates without one',
      verdict: 'BLOCKER',
    });
    expect(judge('gcp.restrictNonCmekServices', denyStorage, { ...stack, bucketEncryption: 'cmek' }).verdict).toBe(
      'ok',
    );
    expect(
      judge('gcp.restrictNonCmekServices', [{ values: { deniedValues: ['bigquery.googleapis.com'] } }]).verdict,
    ).toBe('ok');
    expect(
      judge('gcp.restrictNonCmekServices', [{ denyAll: true }], { ...stack, bucketEncryption: 'cmek' }).found,
    ).toContain('requires CMEK for compute.googleapis.com, tpu.googleapis.com');
  });

  it('domain restriction: denyAll BLOCKER; allowed customers ok; with a CMEK bucket warn (the storage service agent)', () => {
    expect(judge('iam.allowedPolicyMemberDomains', [{ denyAll: true }]).verdict).toBe('BLOCKER');
    expect(judge('iam.allowedPolicyMemberDomains', [{ values: { allowedValues: ['C03xgje4y'] } }])).toMatchObject({
      found: 'allowed: C03xgje4y (service accounts created in the project belong to its organization)',
      verdict: 'ok',
    });
    expect(
      judge('iam.allowedPolicyMemberDomains', [{ values: { allowedValues: ['C03xgje4y'] } }], {
        ...stack,
        bucketEncryption: 'cmek',
      }).verdict,
    ).toBe('warn');
  });

  it.each([
    [[{ values: { allowedValues: ['in:us-locations'] } }], 'ok'],
    [[{ values: { allowedValues: ['in:us-central1-locations'] } }], 'ok'],
    [[{ values: { allowedValues: ['us-central1', 'us-central1-b'] } }], 'ok'],
    [[{ allowAll: true }], 'ok'],
    [[{ values: { allowedValues: ['in:europe-locations'] } }], 'BLOCKER'],
    [[{ values: { allowedValues: ['us-central1'] } }], 'BLOCKER'],
    [[{ values: { deniedValues: ['us-central1-b'] } }], 'BLOCKER'],
    [[{ values: { allowedValues: ['in:us-east1-locations'] } }], 'BLOCKER'],
    [[{ values: { allowedValues: ['in:eu-locations', 'in:low-carbon-locations'] } }], 'warn'],
  ])('resource locations %j: %s', (rules, verdict) => {
    expect(judge('gcp.resourceLocations', rules).verdict).toBe(verdict);
  });

  it('locations: what a value covers', () => {
    expect(locationCovered('in:us-central1-locations', 'us-central1-b', 'us-central1')).toBe(true);
    expect(locationCovered('is:us-central1', 'us-central1', 'us-central1')).toBe(true);
    expect(locationCovered('us-central1', 'us-central1-b', 'us-central1')).toBe(false);
    expect(locationCovered('in:asia-locations', 'us-central1', 'us-central1')).toBe(false);
    expect(locationCovered('in:americas-locations', 'us-central1', 'us-central1')).toBeUndefined();
  });

  it('read from the fake: a BLOCKER row naming the refused location, one row per constraint', async () => {
    fake.set('policy:gcp.resourceLocations', {
      body: policyBody('gcp.resourceLocations', [{ values: { allowedValues: ['in:europe-west4-locations'] } }]),
    });
    fake.set('policy:compute.requireShieldedVm', {
      body: policyBody('compute.requireShieldedVm', [{ enforce: true }]),
    });
    fake.set('policy:iam.allowedPolicyMemberDomains', { body: policyBody('iam.allowedPolicyMemberDomains') });
    const report = await check();
    expect(row(report, 'org policy gcp.resourceLocations')).toMatchObject({
      found: 'allowed: in:europe-west4-locations: refuses us-central1 and us-central1-b',
      verdict: 'BLOCKER',
    });
    expect(row(report, 'org policy compute.requireShieldedVm').verdict).toBe('warn');
    expect(row(report, 'org policy iam.allowedPolicyMemberDomains')).toMatchObject({
      found: 'not set (all allowed)',
      verdict: 'ok',
    });
  });

  it('cannot be read (403): warn naming the role that can', async () => {
    fake.set(
      'policy:gcp.restrictNonCmekServices',
      googleError(
        403,
        'PERMISSION_DENIED',
        "Permission 'orgpolicy.policy.get' denied on resource 'projects/tpu-train-dev'",
      ),
    );
    expect(row(await check(), 'org policy gcp.restrictNonCmekServices')).toMatchObject({
      verdict: 'warn',
      found: `HTTP 403 PERMISSION_DENIED: "Permission 'orgpolicy.policy.get' denied on resource 'projects/tpu-train-dev'"; not checked: reading it needs roles/orgpolicy.policyViewer (orgpolicy.policy.get)`,
    });
  });
});

describe('state bucket', () => {
  it('missing: BLOCKER (bootstrap creates it); not versioned: warn', async () => {
    fake.set('bucket', googleError(404, 'NOT_FOUND', 'The specified bucket does not exist.'));
    expect(row(await check(), 'state bucket')).toMatchObject({
      verdict: 'BLOCKER',
      found:
        'HTTP 404 NOT_FOUND: "The specified bucket does not exist.": missing; npm run bootstrap -- <env> creates it',
    });
    fake.set('bucket', { body: bucketBody('tpu-train-dev-tfstate') });
    expect(row(await check(), 'state bucket')).toMatchObject({ verdict: 'warn' });
    fake.set('bucket', { body: bucketBody('tpu-train-dev-tfstate', false) });
    expect(row(await check(), 'state bucket').found).toBe(
      'exists, not versioned: an overwritten state cannot be recovered',
    );
  });
});

describe('every failed call is one row, never a crash', () => {
  it('403, 404, 429, 500, not JSON, an unexpected shape: each a row with the status and Google’s message, shown', async () => {
    fake
      .set(
        'services',
        googleError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric \'Read requests\'\nand "limit"'),
      )
      .set(`quota:${Z}`, googleError(403, 'PERMISSION_DENIED', 'Permission denied | cloudquotas.quotas.get'))
      .set(`quota:${R}`, { status: 500, raw: '<html>Server Error</html>' })
      .set('acceleratorTypes', { raw: '{"acceleratorTypes": [' })
      .set('bucket', { body: ['not', 'a', 'bucket'] })
      .set('policy:compute.requireOsLogin', googleError(404, 'NOT_FOUND', 'Constraint not found'));
    const report = await check();
    expect(report.rows).toHaveLength(11);
    expect(row(report, 'APIs enabled').found).toBe(
      'HTTP 429 RESOURCE_EXHAUSTED: "Quota exceeded for quota metric \'Read requests\'\\nand \\"limit\\""; not checked: rate-limited, run again later',
    );
    expect(row(report, `preemptible (spot) v6e quota in us-central1-b`).found).toBe(
      'HTTP 403 PERMISSION_DENIED: "Permission denied | cloudquotas.quotas.get"; not checked: reading it needs roles/cloudquotas.viewer (cloudquotas.quotas.get)',
    );
    expect(row(report, 'preemptible (spot) v6e quota in us-central1 ').found).toBe(
      'HTTP 500: "<html>Server Error</html>"; not checked',
    );
    expect(row(report, 'accelerator type').found).toBe('HTTP 200: not JSON: "{\\"acceleratorTypes\\": ["; not checked');
    expect(row(report, 'state bucket').found).toBe('unexpected answer: ["not","a","bucket"]; not checked');
    expect(row(report, 'org policy compute.requireOsLogin').found).toBe(
      'HTTP 404 NOT_FOUND: "Constraint not found"; not checked: constraint unknown',
    );
    for (const start of ['APIs', 'preemptible', 'accelerator', 'state', 'org policy compute.requireOsLogin'])
      expect(report.rows.filter((r) => r.check.startsWith(start)).every((r) => r.verdict === 'warn')).toBe(true);
    // One table row each: the pipe in Google's message is escaped, the line break already is.
    const md = toMarkdown(report);
    expect(md.split('\n').filter((l) => l.startsWith('| '))).toHaveLength(12);
    expect(md).toContain('Permission denied \\| cloudquotas.quotas.get');
    expect(cell('a|b\nc')).toBe('a\\|b c');
  });

  it('a server that never answers: one row per call after the timeout', async () => {
    fake.set('bucket', { hang: true });
    const started = Date.now();
    const report = await check({}, client(150));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(row(report, 'state bucket')).toMatchObject({
      found: 'no answer within 150 ms; not checked',
      verdict: 'warn',
    });
    expect(verdicts(report).filter((v) => v !== 'ok')).toEqual(['warn']);
  });

  it('nothing listening: every row says the request failed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const report = await check({}, client(1000, `http://127.0.0.1:${port}`));
    expect(
      report.rows.every((r) => r.verdict === 'warn' && r.found.startsWith('request failed: "connect ECONNREFUSED')),
    ).toBe(true);
  });
});

describe('credentials and settings', () => {
  const runner = (...answers: Awaited<ReturnType<CommandRunner>>[]): CommandRunner & { calls: string[][] } => {
    const calls: string[][] = [];
    const run = (async (_cmd: string, args: readonly string[]) => {
      calls.push([...args]);
      return answers.shift() ?? { kind: 'missing' };
    }) as CommandRunner & { calls: string[][] };
    run.calls = calls;
    return run;
  };
  const lines = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (e instanceof InputError) return e.render();
      throw e;
    }
    return [];
  };

  it('PREFLIGHT_ACCESS_TOKEN first; then gcloud auth, then application-default', async () => {
    expect(await accessToken({ PREFLIGHT_ACCESS_TOKEN: ' abc ' }, runner())).toBe('abc');
    const run = runner(
      { kind: 'ran', code: 1, stdout: '', stderr: 'ERROR: (gcloud.auth.print-access-token) no account\n' },
      { kind: 'ran', code: 0, stdout: 'ya29.token\n', stderr: '' },
    );
    expect(await accessToken({}, run)).toBe('ya29.token');
    expect(run.calls).toEqual([
      ['auth', 'print-access-token'],
      ['auth', 'application-default', 'print-access-token'],
    ]);
  });

  it('no gcloud, or no login: one problem line', async () => {
    expect(await lines(accessToken({}, runner({ kind: 'missing' })))).toEqual([
      'error: credentials="gcloud auth print-access-token": gcloud is not on PATH; allowed: gcloud auth login (or application-default), or PREFLIGHT_ACCESS_TOKEN',
    ]);
    const fails = {
      kind: 'ran' as const,
      code: 1,
      stdout: '',
      stderr: 'WARNING: x\nERROR: (gcloud.auth) You do not currently have an active account selected.\n',
    };
    expect(await lines(accessToken({}, runner(fails, fails)))).toEqual([
      'error: credentials="gcloud auth print-access-token": gcloud auth print-access-token exited 1: "ERROR: (gcloud.auth) You do not currently have an active account selected."; allowed: gcloud auth login (or application-default), or PREFLIGHT_ACCESS_TOKEN',
    ]);
  });

  it('settings: defaults, and each bad one a problem line', () => {
    expect(clientSettings({}, 'p-1')).toEqual({ timeoutMs: 10_000, apiBase: undefined, quotaProject: 'p-1' });
    expect(clientSettings({ PREFLIGHT_TIMEOUT_MS: '250', PREFLIGHT_QUOTA_PROJECT: 'billing-p' }, 'p-1')).toMatchObject({
      timeoutMs: 250,
      quotaProject: 'billing-p',
    });
    let problems: readonly string[] = [];
    try {
      clientSettings({ PREFLIGHT_TIMEOUT_MS: '10s', PREFLIGHT_API_BASE: 'ftp://x' }, 'p-1');
    } catch (e) {
      problems = (e as InputError).problems;
    }
    expect(problems).toEqual([
      'PREFLIGHT_TIMEOUT_MS="10s": not a timeout; allowed: whole milliseconds from 1 to 600000 (default 10000)',
      'PREFLIGHT_API_BASE="ftp://x": not a base URL; allowed: http(s)://host[:port][/path], or unset for Google\'s hosts',
    ]);
  });
});

describe('npm run preflight (the bundle)', () => {
  const bundle = bundleCli('preflight');

  it('against the fake: the table on stdout, exit 1 for a BLOCKER, only GET requests', async () => {
    fake.set('bucket', googleError(404, 'NOT_FOUND', 'The specified bucket does not exist.'));
    // spawnSync would block the fake in this process: run the bundle asynchronously.
    const r = await runAsync(bundle, ['staging', '--format=markdown'], {
      PREFLIGHT_ACCESS_TOKEN: 'test-token',
      PREFLIGHT_API_BASE: base,
      ENVIRONMENT: 'staging',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^\*\*Preflight staging\*\* \(project `tpu-train-staging`, zone `us-central1-b`\): 1 BLOCKER\n/,
    );
    expect(r.stdout).toContain('| state bucket | gs://tpu-train-staging-tfstate, versioned | HTTP 404 NOT_FOUND:');
    expect(new Set(fake.seen.map((s) => s.method))).toEqual(new Set(['GET']));
    expect(fake.seen).toHaveLength(11);
  });

  it('no credentials (no gcloud on PATH, no token): one line on stderr, exit 1, nothing read', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-gcloud-'));
    try {
      expect(runBundle(bundle, ['dev'], { PATH: empty, PREFLIGHT_API_BASE: base })).toMatchObject({
        status: 1,
        stdout: '',
        stderr:
          'error: credentials="gcloud auth print-access-token": gcloud is not on PATH; allowed: gcloud auth login (or application-default), or PREFLIGHT_ACCESS_TOKEN\n',
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(fake.seen).toEqual([]);
  });
});

describe('arguments', () => {
  const problems = (args: string[]) => {
    try {
      parsePreflightArgs(args);
    } catch (e) {
      return (e as InputError).problems;
    }
    return [];
  };

  it('one environment and an optional format', () => {
    expect(parsePreflightArgs(['dev'])).toEqual({ env: 'dev', format: 'markdown' });
    expect(parsePreflightArgs(['--format', 'json', 'prod'])).toEqual({ env: 'prod', format: 'json' });
    expect(parsePreflightArgs([])).toEqual({ env: undefined, format: 'markdown' });
    expect(problems(['dev', '--format=yaml'])).toEqual(['--format="yaml": unknown format; allowed: markdown, json']);
    expect(problems(['dev', 'prod'])).toEqual([
      'arguments="prod": unexpected; allowed: npm run preflight -- <env> [--format=markdown|json]',
    ]);
    expect(problems(['dev', '--fix'])).toEqual([
      'flag="--fix": unknown; allowed: npm run preflight -- <env> [--format=markdown|json]',
    ]);
    expect(problems(['dev', '--format=json', '--format=json'])).toEqual([
      '--format="json": given twice; allowed: one --format',
    ]);
  });
});

/** Runs a bundle without blocking this process's event loop (the fake answers from it). */
function runAsync(bundle: string, args: string[], env: Record<string, string>) {
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bundle, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('.github/workflows/pr.yml runs preflight for the plan comment', () => {
  const yaml = require('js-yaml') as { safeLoad(text: string): unknown };
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const wf = yaml.safeLoad(readFileSync(join(__dirname, '..', '.github', 'workflows', 'pr.yml'), 'utf8')) as any;
  const steps: any[] = wf.jobs.plan.steps;
  const index = (pred: (s: any) => boolean) => steps.findIndex(pred);

  it('for every environment after gcloud is logged in, not stopping the job, its tables added to the comment', () => {
    const step = steps.find((s) => s.run?.includes('npm run --silent preflight'));
    expect(step['continue-on-error']).toBe(true);
    expect(step.run).toContain(`for env in ${ENVIRONMENT_NAMES.join(' ')}; do`);
    expect(step.run).toContain('npm run --silent preflight -- "$env" >> preflight.md || status=1');
    const gcloud = index((s) => s.uses?.startsWith('google-github-actions/setup-gcloud@'));
    expect(index((s) => s.uses?.startsWith('google-github-actions/auth@'))).toBeLessThan(gcloud);
    expect(gcloud).toBeLessThan(steps.indexOf(step));
    const comment = index((s) => s.uses?.startsWith('actions/github-script@'));
    expect(steps.indexOf(step)).toBeLessThan(comment);
    expect(steps[comment].with.script).toContain("fs.readFileSync('preflight.md', 'utf8')");
  });
});

describe('docs/delivery.md, "Preflight"', () => {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const docs = readFileSync(join(__dirname, '..', 'docs', 'delivery.md'), 'utf8');
  const section = docs.slice(
    docs.indexOf('\n## Preflight\n'),
    docs.indexOf('\n## What only a real project can confirm'),
  );

  it('shows the table preflight prints for its sample run (no region quota, Shielded VM enforced, one policy unreadable)', async () => {
    fake
      .set(`quota:${R}`, { body: quotaBody(R, 'region', [{ location: 'us-east5', value: '256' }, {}]) })
      .set('policy:compute.requireShieldedVm', { body: policyBody('compute.requireShieldedVm', [{ enforce: true }]) })
      .set(
        'policy:gcp.restrictNonCmekServices',
        googleError(
          403,
          'PERMISSION_DENIED',
          "Permission 'orgpolicy.policy.get' denied on resource 'projects/tpu-train-dev'",
        ),
      )
      .set('policy:gcp.resourceLocations', {
        body: policyBody('gcp.resourceLocations', [{ values: { allowedValues: ['in:us-locations'] } }]),
      });
    expect(section).toContain(toMarkdown(await check()));
  });

  it('names the permission and role of every call, and every PREFLIGHT_ variable', () => {
    for (const ep of Object.values(PREFLIGHT_ENDPOINTS)) {
      expect(section).toContain(`\`${ep.permission}\``);
      expect(section).toContain(`\`${ep.role.split(' ')[0]}\``);
    }
    for (const [name] of PREFLIGHT_VARIABLES) expect(section).toContain(`\`${name}\``);
    for (const id of [...Object.values(TPU_V6E_QUOTA.onDemand), ...Object.values(TPU_V6E_QUOTA.preemptible)])
      expect(section).toContain(`\`${id}\``);
  });
});
