/**
 * Staged synthesis, shared by `npm run synth` (src/cli/synth.ts) and the cdktf app (main.ts, which
 * `cdktf synth|diff|deploy` run): validate the configuration, synthesize every environment (or
 * ENVIRONMENT) into a staging folder, run the policy pack over every stack, and only when all of that
 * succeeded replace `<outdir>/stacks` and the manifest. Bad input or an error-level policy finding
 * therefore leaves the last good output untouched.
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

export function synthesizeStacks(shell: ShellEnv, outdir: string, build: AppBuilder = buildApp): SynthResult {
  const environments = loadEnvironments(shell);
  const staging = join(dirname(outdir), `.${basename(outdir)}.staging`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  try {
    const policy = collectPolicy(() => build(environments, { outdir: staging }).synth());
    if (policy.some((r) => failures(r.report) > 0)) throw new PolicyError(policy, `${outdir} was left as it was`);
    mkdirSync(outdir, { recursive: true });
    for (const entry of readdirSync(staging)) {
      const target = join(outdir, entry);
      if (existsSync(target)) rmSync(target, { recursive: true, force: true });
      renameSync(join(staging, entry), target);
    }
    return { stacks: environments.map((e) => e.name), policy };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
