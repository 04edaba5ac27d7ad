import { source } from './source';

/** IAM principals that mean "anyone" (with or without a Google account). */
export const PUBLIC_PRINCIPALS: readonly string[] = ['allUsers', 'allAuthenticatedUsers'];

/** Cloud Storage predefined ACLs that open a bucket or object to the public. */
export const PUBLIC_PREDEFINED_ACLS: readonly string[] = ['publicRead', 'publicReadWrite', 'authenticatedRead'];

export const PUBLIC_ACCESS_SOURCE = source(
  'https://cloud.google.com/storage/docs/access-control/making-data-public; checkov CKV_GCP_28',
);

/**
 * Google-created default service accounts, which hold Editor on the project by default: a workload
 * running as one of them is not least-privilege.
 */
export const DEFAULT_SERVICE_ACCOUNT_PATTERNS: readonly RegExp[] = [
  /-compute@developer\.gserviceaccount\.com$/,
  /@appspot\.gserviceaccount\.com$/,
];

export const DEFAULT_SERVICE_ACCOUNT_SOURCE = source(
  'https://cloud.google.com/compute/docs/access/service-accounts#default_service_account; checkov CKV_GCP_30',
);

/** Address ranges meaning "the whole internet". */
export const ANY_ADDRESS_RANGES: readonly string[] = ['0.0.0.0/0', '::/0'];

/**
 * Subnet purposes for which Private Google Access applies (ordinary VM subnets). Proxy-only and
 * Private Service Connect subnets cannot enable it.
 */
export const PGA_SUBNET_PURPOSES: readonly string[] = ['PRIVATE', 'PRIVATE_RFC_1918'];

export const NETWORK_SOURCE = source(
  'https://cloud.google.com/vpc/docs/firewalls; https://cloud.google.com/vpc/docs/configure-private-google-access; checkov CKV_GCP_2/3/74',
);

/** IAM resource types whose grants apply to a whole project, folder or organization. */
export const RESOURCE_HIERARCHY_IAM_PREFIXES: readonly string[] = [
  'google_project_iam_',
  'google_folder_iam_',
  'google_organization_iam_',
];

/** `environment` label values that mark production. */
export const PRODUCTION_ENVIRONMENTS: readonly string[] = ['prod', 'production'];
