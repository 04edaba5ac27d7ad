import { join } from 'node:path';
import { diagramArgs } from '../src/tools/delivery/diagram-args';
import { bundleCli, ROOT, runBundle } from './cli-bundles';
import { asCli, expectRefused, hashTree, Outcome, outcome } from './bad-input';

/**
 * Bad input to `npm run diagram -- [<env>] [--out <file>]` (src/tools/cli/diagram.ts): one row per
 * case, each checking exit 1, one line per problem, no stack trace, and docs/ byte-identical (the
 * committed dev diagram, which the next `npm test` compares with a dev synth). The first row spawns
 * the bundle; the others call diagramArgs, which it runs before anything else. The next case is one
 * more row.
 */
const bundle = bundleCli('diagram');
const ALLOWED = 'allowed: npm run diagram -- prod --out <file>, e.g. --out prod-architecture.md';

const direct =
  (args: string[], shell: Record<string, string> = {}) =>
  () =>
    asCli(() => diagramArgs(args, shell));

const rows: [string, () => Outcome, string | RegExp][] = [
  [
    'npm run diagram -- prod (the default file is the committed dev diagram)',
    () => outcome(runBundle(bundle, ['prod'])),
    `error: <env>="prod": would overwrite docs/architecture.md, the committed diagram of dev; ${ALLOWED}`,
  ],
  [
    'ENVIRONMENT=prod npm run diagram -- --out ./docs/architecture.md',
    direct(['--out', './docs/architecture.md'], { ENVIRONMENT: 'prod' }),
    `error: ENVIRONMENT="prod": would overwrite docs/architecture.md, the committed diagram of dev; ${ALLOWED}`,
  ],
  [
    'npm run diagram -- --out "a\\nb" --out c (values shown escaped)',
    direct(['--out', 'a\nb', '--out', 'c']),
    'error: --out="c": given twice (first "a\\nb"); allowed: one --out <file>',
  ],
];

describe('npm run diagram: bad input', () => {
  it.each(rows)('%s', (_input, run, line) => {
    const before = hashTree(join(ROOT, 'docs'));
    const r = run();
    expectRefused(r, line);
    expect(r.stdout).toBe('');
    expect(hashTree(join(ROOT, 'docs'))).toEqual(before);
  });
});
