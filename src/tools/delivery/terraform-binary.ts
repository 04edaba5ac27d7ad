import { spawnSync } from 'node:child_process';
import { TOOLCHAIN } from '../../toolchain';
import { shown } from '../../core/problem-line';

const INSTALL = 'https://developer.hashicorp.com/terraform/install';

/** `a.b.c` compared as numbers: negative when a < b. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * Why the Terraform that cdktf would run cannot run the stacks, or undefined: none on PATH, or one
 * older than TOOLCHAIN.minimumTerraformVersion (the stacks' `required_version`). cdktf runs
 * TERRAFORM_BINARY_NAME when it is set, else `terraform`. Synth needs no Terraform (see
 * src/core/stack-validation.ts); deploy, diff, destroy and bootstrap do.
 */
export function terraformProblem(shell: NodeJS.ProcessEnv = process.env): string | undefined {
  const binary = shell.TERRAFORM_BINARY_NAME || 'terraform';
  const min = TOOLCHAIN.minimumTerraformVersion;
  const allowed = `Terraform ${min} or newer on PATH (${INSTALL}; CI uses the version in .github/workflows/pr.yml)`;
  const r = spawnSync(binary, ['version'], { env: shell, encoding: 'utf8', timeout: 60_000 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `${binary}: not found on PATH; allowed: ${allowed}`
      : `${binary}: cannot be run (${code ?? r.error.message}); allowed: ${allowed}`;
  }
  const version = /\bv?(\d+\.\d+\.\d+)/.exec(r.stdout ?? '')?.[1];
  if (!version) return `${binary} version: printed no version (exit ${r.status ?? r.signal}); allowed: ${allowed}`;
  if (compareVersions(version, min) < 0)
    return `${binary}=${shown(version)}: older than ${min}, which the stacks need (terraform_data); allowed: ${allowed}`;
  return undefined;
}
