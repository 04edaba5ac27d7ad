/**
 * `npm run deploy|diff|destroy|bootstrap -- <env> [--dry-run] [--allow-prod] [cdktf flags]`: runs
 * the cdktf CLI for one environment with CHECKPOINT_DISABLE=1 and ENVIRONMENT=<env> (only that
 * stack is synthesized). See src/delivery/stack-commands.ts for the rules (destroy refuses prod).
 */
import { spawnSync } from 'node:child_process';
import { InputError } from '../errors';
import { cdktfInvocation, commandLine } from '../delivery/stack-commands';
import { runCli } from './exit';

runCli(() => {
  const invocation = cdktfInvocation(process.argv.slice(2), process.env);
  if (invocation.dryRun) {
    process.stdout.write(`${commandLine(invocation)}\n`);
    return;
  }
  process.stderr.write(`$ ${commandLine(invocation)}\n`);
  const r = spawnSync('cdktf', [...invocation.args], { stdio: 'inherit', env: { ...process.env, ...invocation.env } });
  if (r.error) throw new InputError([`cdktf: ${r.error.message}; allowed: run through npm (npm run deploy -- <env>) after npm ci`]);
  process.exitCode = r.status ?? 1;
});
