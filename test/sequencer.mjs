// Jest loads a test sequencer untransformed, so this one is plain JavaScript.
import { basename } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

/**
 * The suites that take longest (seconds, measured on the 2-core machine), which a fresh clone runs
 * first. Jest orders by the durations it recorded in earlier runs, and without them (a new clone, a
 * new folder, CI) by file size: a small file that runs for seconds (the Python suite, say) then
 * started last and ran alone at the end. Measured with `npx jest --json` on a warm run. A name
 * missing here only changes the order.
 */
export const SLOWEST = [
  'stacks.test.ts', // ~10 s
  'commands.test.ts', // ~7 s
  'policy.test.ts', // ~4-6 s each, this and the next three
  'delivery.test.ts',
  'bad-input.test.ts',
  'constructs.test.ts',
  'pipeline-steps-python.test.ts', // ~3-4 s each, this and the next two
  'training-launcher-script.test.ts',
  'preflight.test.ts',
];

/** Jest's order when it knows every suite's duration; otherwise the slowest suites first. */
export default class SlowestFirst extends TestSequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.every((t) => t.duration != null)) return sorted;
    /** @param {import('@jest/test-result').Test} t */
    const rank = (t) => SLOWEST.indexOf(basename(t.path));
    const slowest = sorted.filter((t) => rank(t) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...slowest, ...sorted.filter((t) => rank(t) < 0)];
  }
}
