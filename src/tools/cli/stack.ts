/**
 * `npm run deploy|diff|destroy|bootstrap -- <env> [--dry-run] [--allow-prod] [cdktf flags]`: runs
 * the cdktf CLI for one environment with CHECKPOINT_DISABLE=1 and ENVIRONMENT=<env> (only that
 * stack is synthesized). See src/tools/delivery/stack-commands.ts for the rules (one environment, known
 * flags only, configuration validated first, destroy refuses prod). Before cdktf runs, the Terraform
 * on PATH is checked (src/tools/delivery/terraform-binary.ts).
 */
import { spawnSync } from 'node:child_process';
import { ENVIRONMENT_NAMES } from '../../config';
import { InputError } from '../../core/errors';
import { cdktfFlagsFor, flagForm, OWN_FLAGS, STACK_ACTIONS, StackAction } from '../delivery/stack-args';
import { cdktfInvocation, commandLine } from '../delivery/stack-commands';
import { terraformProblem } from '../delivery/terraform-binary';
import { runCli } from './exit';
import { configInputs, formatUsage } from './usage';

const WHAT: Record<StackAction, string> = {
  deploy: 'Runs cdktf deploy <env>: applies the environment stack.',
  diff: 'Runs cdktf diff <env>: plans the environment stack against the real project.',
  destroy: 'Runs cdktf destroy <env>; refuses an environment with deletion protection (prod) unless asked.',
  bootstrap: "Runs cdktf deploy of bootstrap.ts: creates the environment's Terraform state bucket (first time only).",
};

function usage(action: string | undefined): string {
  const known = (STACK_ACTIONS as readonly string[]).includes(action ?? '');
  const a = (known ? action : 'deploy') as StackAction;
  const flags = [
    ...OWN_FLAGS.filter((f) => f.actions.includes(a)).map((f) => [f.flag, f.description] as const),
    ...cdktfFlagsFor(a).map((f) => [flagForm(f), `cdktf: ${f.description}`] as const),
  ];
  return formatUsage({
    command: `npm run ${known ? a : `<${STACK_ACTIONS.join('|')}>`} -- <env> [flags]`,
    what: [
      known ? WHAT[a] : STACK_ACTIONS.map((s) => WHAT[s]).join('\n'),
      'Checks every argument (unknown flags are refused, not passed to cdktf) and validates the configuration',
      'of <env> first, also with --dry-run; then runs cdktf with CHECKPOINT_DISABLE=1 ENVIRONMENT=<env>.',
    ].join('\n'),
    args: [['<env>', `one of ${ENVIRONMENT_NAMES.join(', ')}`], ...flags],
    env: [
      ['ENVIRONMENT', 'unset, or the same as <env>'],
      ...configInputs(),
      ...(a === 'destroy' || !known ? [['CONFIRM_DESTROY=<env>', 'destroy only: same as --allow-prod'] as const] : []),
    ],
  });
}

runCli(() => {
  const invocation = cdktfInvocation(process.argv.slice(2), process.env);
  if (invocation.dryRun) {
    process.stdout.write(`${commandLine(invocation)}\n`);
    return;
  }
  // cdktf runs Terraform: without one (or with one too old) it fails with a trace, after the synth.
  const terraform = terraformProblem(process.env);
  if (terraform) throw new InputError([terraform]);
  process.stderr.write(`$ ${commandLine(invocation)}\n`);
  const r = spawnSync('cdktf', [...invocation.args], { stdio: 'inherit', env: { ...process.env, ...invocation.env } });
  if (r.error)
    throw new InputError([
      `cdktf: ${r.error.message}; allowed: run through npm (npm run deploy -- <env>) after npm ci`,
    ]);
  process.exitCode = r.status ?? 1;
}, usage(process.argv[2]));
