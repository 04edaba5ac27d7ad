// Jest loads a test sequencer untransformed, so this one is plain JavaScript.
import { basename } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

/**
 * The suites that take longest (seconds, measured on the 2-core machine), which a fresh clone runs
 * first. Jest orders by the durations it recorded in earlier runs, and without them (a new clone, a
 * new folder, CI) by file size: the Python suite, a small file that runs for about ten seconds, then
 * started last and ran alone at the end. A name missing here only changes the order.
 */
export const SLOWEST = [
  'pipeline-steps-python.test.ts', // ~10 s: four python3 processes
  'policy-cli.test.ts', // ~4-6 s each below: CLI bundles and synth, spawned
  'cli-help.test.ts',
  'bad-input-synth.test.ts',
  'export-im.test.ts',
  'stack-commands.test.ts',
  'training-launcher-script.test.ts',
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
