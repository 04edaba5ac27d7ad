import { source } from '../catalog/source';

/** Versions the synthesized Terraform is pinned to. */
export const TOOLCHAIN = {
  /** hashicorp/google and hashicorp/google-beta, as bound by @cdktf/provider-google(-beta) 16.12.1. */
  googleProviderVersion: '6.50.0',
  providerSource: source('@cdktf/provider-google 16.12.1 README'),
  /**
   * hashicorp/time, as bound by @cdktf/provider-time 11.0.1: `time_sleep` waits after creating a
   * service account. It talks to no cloud API and takes no configuration.
   */
  timeProviderVersion: '0.13.1',
  timeProviderSource: source('@cdktf/provider-time 11.0.1 (lib/provider: registry.terraform.io/hashicorp/time 0.13.1)'),
  /**
   * The oldest Terraform the environment stacks run on (`terraform_data` came in 1.4): declared as the
   * stacks' `required_version`, and checked by `npm run deploy|diff|destroy|bootstrap` before cdktf runs.
   */
  minimumTerraformVersion: '1.4.0',
  /** Infrastructure Manager's newest Terraform: generated configuration must load in it. */
  infraManagerTerraformVersion: '1.5.7',
  infraManagerSource: source('https://cloud.google.com/infrastructure-manager/docs'),
} as const;
