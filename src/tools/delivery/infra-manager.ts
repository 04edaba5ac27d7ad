import { DEPLOYER_ROLES, INFRA_MANAGER_AGENT_ROLE } from '../../catalog';
import { TOOLCHAIN } from '../../toolchain';
import { EnvironmentConfig, STACK_INPUTS } from '../../config';

/** The service account Infrastructure Manager runs Terraform as (created once per project). */
export const INFRA_MANAGER_ACCOUNT_ID = 'infra-manager';

/** Where `npm run export:im -- <env>` writes, relative to the project. */
export function exportDir(env: string, outdir = 'cdktf.out'): string {
  return `${outdir}/infra-manager/${env}`;
}

/** The value of every stack input for an environment, as `--input-values` takes them. */
export function inputValues(env: EnvironmentConfig): string {
  return STACK_INPUTS.map((input) => {
    const value = input.path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], env);
    return `${input.variable}=${String(value)}`;
  }).join(',');
}

/**
 * The `gcloud infra-manager deployments apply` command for an exported environment: the deployment
 * `<prefix>-pipeline` in the environment's project and region, run as the infra-manager account,
 * pinned to Terraform 1.5.7, with every stack input set explicitly.
 */
export function gcloudApplyCommand(env: EnvironmentConfig): string {
  const project = env.projectId;
  const email = `${INFRA_MANAGER_ACCOUNT_ID}@${project}.iam.gserviceaccount.com`;
  return [
    `gcloud infra-manager deployments apply projects/${project}/locations/${env.region}/deployments/${env.namePrefix}-pipeline`,
    `  --service-account=projects/${project}/serviceAccounts/${email}`,
    `  --local-source=${exportDir(env.name)}`,
    `  --tf-version-constraint=${TOOLCHAIN.infraManagerTerraformVersion}`,
    `  --input-values=${inputValues(env)}`,
  ].join(' \\\n');
}

/** Every project role the deploying account needs: Infrastructure Manager's own, then per resource family. */
export function deployerRoles(): string[] {
  return [INFRA_MANAGER_AGENT_ROLE, ...DEPLOYER_ROLES.map((r) => r.role).filter((r) => r.startsWith('roles/'))];
}

/** Read-only project roles for an account that only plans (the pull-request workflow): refresh reads every resource and IAM policy. */
export function reviewerRoles(): string[] {
  return [...new Set(DEPLOYER_ROLES.flatMap((r) => r.viewer))].sort();
}
