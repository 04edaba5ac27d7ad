import { join } from 'node:path';
import { bundleCli, ROOT, runBundle } from './delivery-helpers';
import { expectRefused, hashTree, outcome } from './bad-input';

/**
 * Bad input to `npm run diagram -- [<env>] [--out <file>]` (src/tools/cli/diagram.ts): one row per
 * case, each checking exit 1, one line per problem, no stack trace, and docs/ byte-identical (the
 * committed dev diagram, which the next `npm test` compares with a dev synth). The next case is one
 * more row.
 */
const bundle = bundleCli('diagram');
const ALLOWED = 'allowed: npm run diagram -- prod --out <file>, e.g. --out prod-architecture.md';

const rows: [string, string[], Record<string, string>, string | RegExp][] = [
  [
    'npm run diagram -- prod (the default file is the committed dev diagram)',
    ['prod'],
    {},
    `error: <env>="prod": would overwrite docs/architecture.md, the committed diagram of dev; ${ALLOWED}`,
  ],
  [
    'ENVIRONMENT=prod npm run diagram -- --out ./docs/architecture.md',
    ['--out', './docs/architecture.md'],
    { ENVIRONMENT: 'prod' },
    `error: ENVIRONMENT="prod": would overwrite docs/architecture.md, the committed diagram of dev; ${ALLOWED}`,
  ],
  [
    'npm run diagram -- --out "a\\nb" --out c (values shown escaped)',
    ['--out', 'a\nb', '--out', 'c'],
    {},
    'error: --out="c": given twice (first "a\\nb"); allowed: one --out <file>',
  ],
];

describe('npm run diagram: bad input', () => {
  it.each(rows)('%s', (_input, args, env, line) => {
    const before = hashTree(join(ROOT, 'docs'));
    const r = outcome(runBundle(bundle, args, env));
    expectRefused(r, line);
    expect(r.stdout).toBe('');
    expect(hashTree(join(ROOT, 'docs'))).toEqual(before);
  });
});
