import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the CLI bundles the tests spawn are built, once per test run, as `npm run build` builds them. */
export const TEST_BUILD = join(resolve(__dirname, '..'), '.build', 'test-cli');

/**
 * Builds every CLI bundle once for the whole run (each suite used to bundle its own), with the
 * `build` script's own esbuild arguments, into TEST_BUILD (inside the project, so the bundles'
 * external packages resolve from its node_modules).
 */
export default function globalSetup(): void {
  const root = resolve(__dirname, '..');
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts.build;
  const args = script
    .split(/\s+/)
    .slice(1)
    .map((a) => (a.startsWith('--outdir=') ? `--outdir=${TEST_BUILD}` : a));
  execFileSync(join(root, 'node_modules/.bin/esbuild'), args, { cwd: root, shell: true });
}
