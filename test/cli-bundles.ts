import { TEST_BUILD } from './global-setup';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');

/** The bundle of `src/tools/cli/<name>.ts`, built once per test run by test/global-setup.ts. */
export function bundleCli(name: string): string {
  return join(TEST_BUILD, 'src', 'tools', 'cli', `${name}.js`);
}

export function runBundle(
  bundle: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
  timeout?: number,
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bundle, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout,
  });
}
