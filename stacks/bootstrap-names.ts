/** Where the bootstrap app synthesizes (kept apart from the environment stacks' `cdktf.out/stacks`). */
export const BOOTSTRAP_OUTDIR = 'cdktf.out/bootstrap';

export function bootstrapStackName(env: string): string {
  return `bootstrap-${env}`;
}

/** The bootstrap stack's local state file, at the project root (ignored by git: `*.tfstate`). */
export function bootstrapStateFile(env: string): string {
  return `terraform.${bootstrapStackName(env)}.tfstate`;
}
