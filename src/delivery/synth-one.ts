import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENT_NAMES, EnvironmentName, loadEnvironments, ShellEnv } from '../config';
import { InputError } from '../errors';
import { buildApp } from '../../stacks/app';

/** Checks an environment given on the command line; one line when it is not one of ours. */
export function parseEnvironmentArg(value: string | undefined, shell: ShellEnv = {}): EnvironmentName {
  if (value === undefined || value === '') {
    throw new InputError([`<env>: missing; allowed: ${ENVIRONMENT_NAMES.join(', ')}`]);
  }
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(value)) {
    throw new InputError([`<env>="${value}": unknown environment; allowed: ${ENVIRONMENT_NAMES.join(', ')}`]);
  }
  if (shell.ENVIRONMENT && shell.ENVIRONMENT !== value) {
    throw new InputError([`ENVIRONMENT="${shell.ENVIRONMENT}": differs from <env>="${value}"; allowed: unset, or the same environment`]);
  }
  return value as EnvironmentName;
}

/**
 * Synthesizes one environment's stack (with the shell's overrides, as `npm run synth` does) into a
 * scratch folder, hands `use` the stack's folder and JSON, and removes the folder afterwards. The
 * real synth keeps cdktf metadata (`//`) and copies assets, which Testing.synth does not.
 */
export function withSynthesizedStack<T>(name: EnvironmentName, shell: ShellEnv, use: (stackDir: string, tf: Record<string, unknown>) => T): T {
  const environments = loadEnvironments({ ...shell, ENVIRONMENT: name });
  const outdir = mkdtempSync(join(tmpdir(), `synth-${name}-`));
  try {
    buildApp(environments, { outdir }).synth();
    const stackDir = join(outdir, 'stacks', name);
    const tf = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
    return use(stackDir, tf);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
