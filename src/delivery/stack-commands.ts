import { ENVIRONMENTS, ShellEnv } from '../config';
import { InputError } from '../errors';
import { BOOTSTRAP_OUTDIR, bootstrapStackName } from '../../stacks/bootstrap-stack';
import { parseEnvironmentArg } from './synth-one';

/**
 * `npm run deploy|diff|destroy|bootstrap -- <env> [flags]` as a cdktf command line. Pure: the CLI
 * (src/cli/stack.ts) runs what this returns. Flags it does not know are passed to cdktf
 * (`--auto-approve`, `--var=...`). `destroy` refuses an environment with deletion protection (prod)
 * unless asked explicitly with `--allow-prod` or `CONFIRM_DESTROY=<env>`.
 */
export const STACK_ACTIONS = ['deploy', 'diff', 'destroy', 'bootstrap'] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];

/** The bootstrap app's command, for `cdktf --app` (the npm script has built it already). */
export const BOOTSTRAP_APP = 'node .build/bootstrap.js';

export interface CdktfInvocation {
  /** Arguments to the `cdktf` binary. */
  readonly args: readonly string[];
  /** Variables set for cdktf, on top of the shell's. */
  readonly env: Readonly<Record<string, string>>;
  /** Print the command instead of running it. */
  readonly dryRun: boolean;
}

export function cdktfInvocation(argv: readonly string[], shell: ShellEnv): CdktfInvocation {
  const [action, envArg, ...rest] = argv;
  if (!(STACK_ACTIONS as readonly string[]).includes(action)) {
    throw new InputError([`action="${action ?? ''}": unknown; allowed: ${STACK_ACTIONS.join(', ')}`]);
  }
  const name = parseEnvironmentArg(envArg, shell);
  const allowProd = rest.includes('--allow-prod');
  const dryRun = rest.includes('--dry-run');
  const passThrough = rest.filter((a) => a !== '--allow-prod' && a !== '--dry-run');
  const env = { CHECKPOINT_DISABLE: '1', ENVIRONMENT: name };

  if (allowProd && action !== 'destroy') throw new InputError([`--allow-prod: only for destroy; allowed: npm run destroy -- prod --allow-prod`]);
  if (action === 'destroy' && ENVIRONMENTS[name].deletionProtection && !allowProd && shell.CONFIRM_DESTROY !== name) {
    throw new InputError([
      `destroy ${name}: refused, ${name} is protected (deletionProtection); allowed: npm run destroy -- ${name} --allow-prod, or CONFIRM_DESTROY=${name} npm run destroy -- ${name}`,
    ]);
  }
  if (action === 'bootstrap') {
    return { args: ['deploy', '--app', BOOTSTRAP_APP, '--output', BOOTSTRAP_OUTDIR, bootstrapStackName(name), ...passThrough], env, dryRun };
  }
  return { args: [action, name, ...passThrough], env, dryRun };
}

/** The invocation as one shell line, e.g. `CHECKPOINT_DISABLE=1 ENVIRONMENT=dev cdktf deploy dev`. */
export function commandLine(invocation: CdktfInvocation): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const vars = Object.entries(invocation.env).map(([k, v]) => `${k}=${quote(v)}`);
  return [...vars, 'cdktf', ...invocation.args.map(quote)].join(' ');
}
