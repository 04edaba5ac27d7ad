// Bundles main.ts, bootstrap.ts and the CLIs (src/tools/cli/*.ts) into .build/ with esbuild, unless
// .build is newer than every source it is made of (then it does nothing: most of a synth's time used to
// go to an unneeded rebuild and to a nested `npm run`). `--force` rebuilds; `--outdir=<dir>` builds
// elsewhere (the tests' bundles). Plain JavaScript, so it runs before anything is compiled.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCES = ['main.ts', 'bootstrap.ts', 'src', 'constructs', 'stacks', 'package.json', 'package-lock.json'];
const SKIP = new Set(['node_modules', 'jobs']);

const args = process.argv.slice(2);
const outArg = args.find((a) => a.startsWith('--outdir='));
const outdir = resolve(ROOT, outArg ? outArg.slice('--outdir='.length) : '.build');
const force = args.includes('--force');
const unknown = args.filter((a) => a !== '--force' && a !== '--verbose' && !a.startsWith('--outdir='));
if (unknown.length) {
  process.stderr.write(
    `error: arguments=${JSON.stringify(unknown.join(' '))}: unexpected; allowed: --force, --verbose, --outdir=<dir>\n`,
  );
  process.exit(1);
}

/** Newest modification time (ms) of the files under `path`. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (!SKIP.has(entry)) latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

const entryPoints = [
  'main.ts',
  'bootstrap.ts',
  ...readdirSync(join(ROOT, 'src', 'tools', 'cli'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/tools/cli/${f}`),
];
const stamp = join(outdir, '.built');
const recorded = existsSync(stamp) ? readFileSync(stamp, 'utf8') : '';
const wanted = JSON.stringify(entryPoints);
const fresh =
  !force && recorded === wanted && statSync(stamp).mtimeMs >= Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));

if (!fresh) {
  const { buildSync } = await import('esbuild');
  buildSync({
    absWorkingDir: ROOT,
    entryPoints,
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir,
    outbase: ROOT,
    logLevel: 'warning',
  });
  writeFileSync(stamp, wanted);
}
if (args.includes('--verbose')) process.stdout.write(`${relative(ROOT, outdir)}: ${fresh ? 'up to date' : 'built'}\n`);
