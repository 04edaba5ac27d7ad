import { source } from './source';

/** Basic roles: never granted by this project (CKV_GCP_117). */
export const BASIC_ROLES: readonly string[] = ['roles/owner', 'roles/editor', 'roles/viewer'];

/**
 * Roles that let a principal act as or mint tokens for service accounts: granted on one account,
 * never on the project (CKV_GCP_41, CKV_GCP_49).
 */
export const ACT_AS_ROLES: readonly string[] = ['roles/iam.serviceAccountUser', 'roles/iam.serviceAccountTokenCreator'];

/** The role that lets a principal run workloads as a service account. */
export const SERVICE_ACCOUNT_USER_ROLE = 'roles/iam.serviceAccountUser';

export const IAM_SOURCE = source(
  'https://cloud.google.com/iam/docs/service-account-permissions; checkov CKV_GCP_41/49/117',
);

/**
 * How long to wait after creating a service account (and its grants) before asking another Google API
 * to attach it: IAM is eventually consistent, and the TPU API can refuse an account created seconds
 * earlier. Google's own google_tpu_v2_vm example waits 60 s with a `time_sleep`.
 */
export const NEW_SERVICE_ACCOUNT_WAIT = '60s';
export const NEW_SERVICE_ACCOUNT_WAIT_SOURCE = source(
  'GoogleCloudPlatform/magic-modules mmv1/templates/terraform/examples/tpu_v2_vm_full.tf.tmpl (time_sleep "wait_60_seconds" after google_service_account); https://cloud.google.com/iam/docs/access-change-propagation',
);

/**
 * How long to wait after a grant before a Google service acts on it: a service agent's role on a
 * key (CMEK) can take a minute or more to propagate, and a bucket created right after the grant may
 * be refused the key. The same pause as after a new service account.
 */
export const GRANT_PROPAGATION_WAIT = NEW_SERVICE_ACCOUNT_WAIT;
export const GRANT_PROPAGATION_WAIT_SOURCE = source(
  'https://cloud.google.com/iam/docs/access-change-propagation (typically 2 minutes, up to 7); https://cloud.google.com/storage/docs/encryption/using-customer-managed-keys (grant the service agent before using the key)',
  '2026-12',
);
