import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentName, loadEnvironments, ShellEnv } from '../../config';
import { buildApp } from '../../../stacks/app';

export { parseEnvironmentArg } from './environment-arg';

/**
 * Synthesizes one environment's stack (with the shell's overrides, as `npm run synth` does) into a
 * scratch folder, hands `use` the stack's folder and JSON, and removes the folder afterwards. The
 * real synth keeps cdktf metadata (`//`) and copies assets, which Testing.synth does not.
 */
export function withSynthesizedStack<T>(
  name: EnvironmentName,
  shell: ShellEnv,
  use: (stackDir: string, tf: Record<string, unknown>) => T,
): T {
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
