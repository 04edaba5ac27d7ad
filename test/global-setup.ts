import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolvePython3 } from './python3';

/** Where the CLI bundles the tests spawn are built, once per test run, as `npm run build` builds them. */
export const TEST_BUILD = join(resolve(__dirname, '..'), '.build', 'test-cli');

const STACKS_PREFIX = 'test-stacks-';

/**
 * Removes the shared-stacks folders in `parent` of runs stopped before their teardown (Ctrl-C): each
 * is named for its Jest process, which is gone.
 */
export function removeAbandonedStackFolders(parent = tmpdir()): void {
  for (const entry of readdirSync(parent)) {
    const pid = Number(new RegExp(`^${STACKS_PREFIX}(\\d+)-`).exec(entry)?.[1]);
    if (pid && !isAlive(pid)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Builds every CLI bundle once for the whole run (each suite used to bundle its own), with the build
 * script itself (src/tools/build.mjs: skipped when the bundles are newer than their sources), into
 * TEST_BUILD (inside the project, so the bundles' external packages resolve from its node_modules);
 * resolves python3 once for the suites that run Python (test/python3.ts); and makes the folder in
 * which the suites of this run share the stacks they synthesize (test/committed-stacks.ts), which
 * test/global-teardown.ts removes.
 */
export default function globalSetup(): void {
  const root = resolve(__dirname, '..');
  execFileSync(process.execPath, [join(root, 'src', 'tools', 'build.mjs'), `--outdir=${TEST_BUILD}`], { cwd: root });
  // The workers start after this and inherit it (test/python3.ts).
  process.env.TEST_PYTHON3 ??= resolvePython3(root);
  removeAbandonedStackFolders();
  process.env.TEST_STACKS_DIR = mkdtempSync(join(tmpdir(), `${STACKS_PREFIX}${process.pid}-`));
}
