import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputFile } from '../src/core/input-file';
import { summarizePlan } from '../src/tools/delivery/plan-summary';
import { bundleCli, runBundle } from './cli-bundles';
import { asCli, expectRefused, Outcome, outcome } from './bad-input';

/**
 * Bad input to `npm run plan-summary -- <plan.json> ...` (src/tools/cli/plan-summary.ts): one row per
 * case, each checking exit 1, one line per problem, no stack trace and no summary printed (the
 * workflow would post a false all-clear). Rows on one plan's content call summarizePlan, which the CLI
 * runs per file; the others spawn the bundle, with a timeout. The next case is one more row.
 */
const work = mkdtempSync(join(tmpdir(), 'bad-input-plan-summary-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bundle = bundleCli('plan-summary');
const PLANS = join(__dirname, 'fixtures', 'plans');
const run =
  (...args: string[]) =>
  () =>
    outcome(runBundle(bundle, args, {}, undefined, 20_000));
const plan = (change: (p: Record<string, unknown>) => void) => () => {
  const json = JSON.parse(readFileSync(join(PLANS, 'replace-tpu.json'), 'utf8')) as Record<string, unknown>;
  change(json);
  return asCli(() => summarizePlan(json, 'plan-dev.json'));
};
const ALLOWED = 'allowed: the output of terraform show -json <planfile>';

const rows: [string, () => Outcome, string | RegExp][] = [
  [
    '--json (an unknown flag is not a missing file)',
    run('--json', join(PLANS, 'replace-tpu.json')),
    'error: flag="--json": unknown; allowed: npm run plan-summary -- <plan.json> [...] (a file named so: ./--json, or after --)',
  ],
  [
    'the state (terraform show -json without a plan file)',
    () =>
      asCli(() => summarizePlan({ format_version: '1.0', terraform_version: '1.11.4', values: {} }, 'plan-dev.json')),
    `error: file="plan-dev.json": is a Terraform state (terraform show -json without a plan file), not a plan; ${ALLOWED}`,
  ],
  [
    'the state of an empty workspace ({"format_version": "1.0"})',
    () => asCli(() => summarizePlan({ format_version: '1.0' }, 'plan-dev.json')),
    /^error: file="plan-dev\.json": is a Terraform state /,
  ],
  [
    'a plan marked errored: true',
    plan((p) => (p.errored = true)),
    'error: file="plan-dev.json": the plan errored (errored: true), so it can leave changes out; allowed: a plan that terraform plan finished',
  ],
  [
    'a plan marked complete: false',
    plan((p) => (p.complete = false)),
    'error: file="plan-dev.json": the plan is not complete (complete: false: Terraform deferred some changes), so it leaves changes out; allowed: a complete plan',
  ],
  [
    'the same environment twice',
    run(join(PLANS, 'replace-tpu.json'), join(PLANS, 'replace-tpu.json')),
    /^error: file=".*replace-tpu\.json": a second plan of "dev" \(the first is ".*replace-tpu\.json"\); allowed: one plan per environment$/,
  ],
  [
    '/dev/zero (a device: refused, not read)',
    () => asCli(() => readInputFile('/dev/zero', 'file', 'a file written by terraform show -json <planfile>')),
    'error: file="/dev/zero": is a character device, not a regular file; allowed: a file written by terraform show -json <planfile>',
  ],
  [
    '<a FIFO> (refused, not opened)',
    () => {
      execFileSync('mkfifo', [join(work, 'plan.json')]);
      return run(join(work, 'plan.json'))();
    },
    /^error: file=".*\/plan\.json": is a named pipe \(FIFO\), not a regular file; allowed: /,
  ],
];

describe('npm run plan-summary: bad input', () => {
  it.each(rows)('%s', (_input, go, line) => {
    const r = go();
    expectRefused(r, line);
    expect(r.stdout).toBe('');
  });

  it('still summarizes a plan that is complete and did not error', () => {
    expect(plan((p) => Object.assign(p, { complete: true, errored: false }))().status).toBe(0);
  });
});
