/**
 * Staged synthesis, shared by `npm run synth` (src/tools/cli/synth.ts) and the cdktf app (main.ts, which
 * `cdktf synth|diff|deploy` run): validate the configuration, synthesize every environment (or
 * ENVIRONMENT) into a staging folder, run the policy pack over every stack, and only when all of that
 * succeeded replace, in `<outdir>`, the folder of each stack written (`stacks/<env>`) and the manifest.
 * Bad input or an error-level policy finding therefore leaves the last good output untouched, and the
 * folders of stacks not synthesized this time are left alone: the cdktf CLI lists them before it runs
 * the app and removes them itself.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { App } from 'cdktf';
import { EnvironmentConfig, loadEnvironments, ShellEnv } from '../src/config';
import { collectPolicy, failures, PolicyError, StackReport } from '../src/policy';
import { buildApp, BuildAppOptions } from './app';

export type AppBuilder = (environments: readonly EnvironmentConfig[], options: BuildAppOptions) => App;

export interface SynthResult {
  /** The environments written, in order. */
  readonly stacks: string[];
  /** The policy pack's findings per stack (warnings and suppressed findings; no errors). */
  readonly policy: StackReport[];
}

function replace(from: string, to: string): void {
  if (existsSync(to)) rmSync(to, { recursive: true, force: true });
  renameSync(from, to);
}

export function synthesizeStacks(shell: ShellEnv, outdir: string, build: AppBuilder = buildApp): SynthResult {
  const environments = loadEnvironments(shell);
  const staging = join(dirname(outdir), `.${basename(outdir)}.staging`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  try {
    const policy = collectPolicy(() => build(environments, { outdir: staging }).synth());
    if (policy.some((r) => failures(r.report) > 0)) throw new PolicyError(policy, `${outdir} was left as it was`);
    mkdirSync(join(outdir, 'stacks'), { recursive: true });
    for (const entry of readdirSync(staging)) {
      const inner = entry === 'stacks' ? readdirSync(join(staging, entry)).map((s) => join(entry, s)) : [entry];
      for (const path of inner) replace(join(staging, path), join(outdir, path));
    }
    return { stacks: environments.map((e) => e.name), policy };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
