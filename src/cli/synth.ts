/**
 * `npm run synth`: validates the configuration, synthesizes every environment (or ENVIRONMENT) into a
 * staging folder, and only when that succeeded replaces `cdktf.out/stacks` and the manifest. Bad input
 * therefore leaves the last good output untouched.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadEnvironments, ShellEnv } from '../config';
import { buildApp } from '../../stacks/app';
import { runCli } from './exit';

export function synthesize(shell: ShellEnv, outdir: string): string[] {
  const environments = loadEnvironments(shell);
  const staging = join(dirname(outdir), `.${basename(outdir)}.staging`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  try {
    buildApp(environments, { outdir: staging }).synth();
    mkdirSync(outdir, { recursive: true });
    for (const entry of readdirSync(staging)) {
      const target = join(outdir, entry);
      if (existsSync(target)) rmSync(target, { recursive: true, force: true });
      renameSync(join(staging, entry), target);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return environments.map((e) => e.name);
}

if (require.main === module) {
  runCli(() => {
    const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
    const names = synthesize(process.env, outdir);
    for (const name of names) process.stdout.write(`${join(outdir, 'stacks', name, 'cdk.tf.json')}\n`);
  });
}
