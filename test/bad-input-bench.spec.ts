import { bundleCli } from './cli-bundles';
import { expectRefused, Outcome, runWithoutTerraform } from './bad-input';

/**
 * Bad input to `npm run bench` (src/tools/cli/bench.ts): one row per case, each checking exit 1, one
 * line per problem, no stack trace, and that nothing was measured.
 */
const bundle = bundleCli('bench');

const rows: [string, () => Outcome, (string | RegExp)[]][] = [
  [
    'BENCH_RUNS=abc',
    () => runWithoutTerraform(bundle, [], { BENCH_RUNS: 'abc' }),
    ['error: BENCH_RUNS="abc": not a whole number from 1 to 100; allowed: e.g. BENCH_RUNS=5'],
  ],
];

describe('npm run bench: bad input', () => {
  it.each(rows)('%s', (_input, run, lines) => {
    const r = run();
    expectRefused(r, ...lines);
    expect(r.stdout).toBe('');
  });
});
