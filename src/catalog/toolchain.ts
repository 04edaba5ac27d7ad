import { source } from './source';

/** Versions the synthesized Terraform is pinned to. */
export const TOOLCHAIN = {
  /** hashicorp/google and hashicorp/google-beta, as bound by @cdktf/provider-google(-beta) 16.12.1. */
  googleProviderVersion: '6.50.0',
  providerSource: source('@cdktf/provider-google 16.12.1 README'),
  /** Infrastructure Manager's newest Terraform: generated configuration must load in it. */
  infraManagerTerraformVersion: '1.5.7',
  infraManagerSource: source('https://cloud.google.com/infrastructure-manager/docs'),
} as const;
