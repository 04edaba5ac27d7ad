import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutputFolder } from '../src/core/output-folder';
import { exportRootModule } from '../src/tools/delivery/export-im';
import { bundleCli } from './cli-bundles';
import { runBundleInProcess } from './cli-in-process';
import { asCli, expectRefused, hashTree, lockFolder, Outcome } from './bad-input';

/**
 * Bad input to `npm run export:im -- <env>` (src/tools/cli/export-im.ts): one row per case, each
 * checking exit 1, one line per problem, no stack trace, and the last export byte-identical. The
 * bundle row fails before any synth and runs the bundle in this process (test/cli-in-process.ts;
 * export-im.spec.ts spawns it); the folder-in-the-way row calls exportRootModule on the fixture
 * stack. The next case is one more row.
 */
const work = mkdtempSync(join(tmpdir(), 'bad-input-export-im-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const FIXTURE = join(__dirname, 'fixtures', 'stack-with-assets');
const bundle = bundleCli('export-im');
const ALLOWED = 'allowed: a folder you can write, e.g. cdktf.out (one new level is created; deeper paths are not)';

interface Row {
  readonly input: string;
  /** Prepares the row's folder (the last good export, a lock); returns the undo. */
  readonly arrange?: (out: string) => (() => void) | void;
  readonly run: (out: string) => Outcome | Promise<Outcome>;
  readonly line: string | RegExp;
}

const rows: Row[] = [
  {
    input: 'CDKTF_OUTDIR=<a file> npm run export:im -- dev',
    arrange: (out) => writeFileSync(join(out, 'file'), 'x'),
    run: (out) => runBundleInProcess(bundle, ['dev'], { CDKTF_OUTDIR: join(out, 'file') }),
    line: /^error: CDKTF_OUTDIR=".*\/file": is a file, not a folder; allowed: /,
  },
  {
    input: 'CDKTF_OUTDIR= npm run export:im -- dev',
    run: () => asCli(() => checkOutputFolder('')),
    line: `error: CDKTF_OUTDIR="": empty; allowed: unset (cdktf.out), or ${ALLOWED.slice('allowed: '.length)}`,
  },
  {
    input: 'the export folder in the way (cdktf.out/infra-manager read-only or immutable)',
    arrange: (out) => {
      exportRootModule(FIXTURE, join(out, 'infra-manager', 'dev'));
      return lockFolder(join(out, 'infra-manager'));
    },
    run: (out) => asCli(() => exportRootModule(FIXTURE, join(out, 'infra-manager', 'dev'))),
    line: /^error: ".*\/infra-manager\/dev(\.staging)?": cannot be written \((EACCES|EPERM)\), so the export was left as it was; allowed: /,
  },
];

describe('npm run export:im: bad input', () => {
  it.each(rows.map((r, i) => [r.input, r, i] as const))('%s', async (_input, row, i) => {
    const out = join(work, `row-${i}`);
    mkdirSync(out);
    const undo = row.arrange?.(out);
    const before = hashTree(out);
    let r: Outcome;
    try {
      r = await row.run(out);
    } finally {
      undo?.();
    }
    expectRefused(r, row.line);
    expect(r.stdout).toBe('');
    expect(hashTree(out)).toEqual(before);
  });
});
