/**
 * `npm run synth`: validates the configuration, synthesizes every environment (or ENVIRONMENT) into a
 * staging folder, runs the policy pack, and only when all of that succeeded replaces `cdktf.out/stacks`
 * and the manifest (see stacks/synthesize.ts). Prints the written files on stdout, and the policy
 * pack's warnings and suppressed findings on stderr.
 */
import { join } from 'node:path';
import { ShellEnv } from '../config';
import { policyLines } from '../policy';
import { synthesizeStacks } from '../../stacks/synthesize';
import { runCli } from './exit';

/** Synthesizes and returns the environments written. */
export function synthesize(shell: ShellEnv, outdir: string): string[] {
  return synthesizeStacks(shell, outdir).stacks;
}

if (require.main === module) {
  runCli(() => {
    const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
    const result = synthesizeStacks(process.env, outdir);
    for (const line of policyLines(result.policy)) process.stderr.write(`${line}\n`);
    for (const name of result.stacks) process.stdout.write(`${join(outdir, 'stacks', name, 'cdk.tf.json')}\n`);
  });
}
