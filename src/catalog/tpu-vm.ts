import { source } from './source';

/**
 * Facts about running a TPU VM: its service account, the software its startup script installs, the
 * gcloud commands that reach it, and what provider 6.50's queued resource can express.
 */
export const TPU_VM = {
  /**
   * OAuth scopes for the TPU VM's service account. Google's advice is the cloud-platform scope with
   * access limited by the account's IAM roles (the account this project attaches holds only the
   * roles it is granted); the scope is always set explicitly.
   */
  defaultScopes: ['https://www.googleapis.com/auth/cloud-platform'] as readonly string[],
  scopePrefix: 'https://www.googleapis.com/auth/',
  scopesSource: source('https://cloud.google.com/compute/docs/access/service-accounts#scopes_best_practice'),

  /** The Compute Engine default service account, which a TPU VM uses when no email is set. */
  computeDefaultAccountPattern: '^[0-9]+-compute@developer\\.gserviceaccount\\.com$',
  computeDefaultAccountSource: source(
    '@cdktf/provider-google-beta 16.12.1 google_tpu_v2_vm service_account.email: "If empty, default Compute service account will be used"',
  ),

  /** The metadata key a TPU VM runs at every boot, on every worker. */
  startupScriptKey: 'startup-script',
  startupScriptSource: source('https://cloud.google.com/tpu/docs/managing-tpus-tpu-vm (metadata startup-script)'),

  /**
   * OS Login: with `enable-oslogin = "TRUE"` in the TPU's metadata, SSH access is decided by IAM roles
   * and users' keys live in their OS Login profiles. gcloud `tpu-vm ssh/scp` reads this key from the
   * node's metadata to choose OS Login, and still writes the user's key into the node's `ssh-keys`
   * metadata (unless it is in project metadata): Terraform must ignore that key, or the next apply
   * removes it in place.
   */
  osLoginKey: 'enable-oslogin',
  sshKeysKey: 'ssh-keys',
  osLoginSource: source(
    'google-cloud-sdk googlecloudsdk/command_lib/compute/tpus/tpu_vm/ssh_utils.py (TpuHasOsLoginEnabled, AddSSHKeyIfNeeded); https://cloud.google.com/compute/docs/oslogin/set-up-oslogin',
  ),
  /** What a user needs to reach a worker with the stack's own commands (OS Login through IAP). */
  sshUserRoles: {
    /** Log in without sudo; `roles/compute.osAdminLogin` adds sudo. Project level (or on the TPU's instances). */
    login: 'roles/compute.osLogin',
    adminLogin: 'roles/compute.osAdminLogin',
    /** Open the IAP TCP tunnel to port 22 (the workers have no external IP). */
    iapTunnel: 'roles/iap.tunnelResourceAccessor',
    /** OS Login on a VM that runs as a service account: Service Account User on that account. */
    actAsVmAccount: 'roles/iam.serviceAccountUser',
  },
  sshUserRolesSource: source(
    'https://cloud.google.com/compute/docs/oslogin/set-up-oslogin#configure_users; https://cloud.google.com/iap/docs/using-tcp-forwarding',
  ),

  /** TPU zones that cannot host v6e, with the reason, for clearer messages. */
  zonesWithoutV6e: { 'us-central2-b': 'offers TPU v4 only' } as Readonly<Record<string, string>>,
  zonesWithoutV6eSource: source('https://cloud.google.com/tpu/docs/regions-zones'),
} as const;

/** Cloud Storage FUSE, as installed from Google's own apt repository (the TPU VM image is Ubuntu). */
export const GCSFUSE = {
  aptRepository: 'https://packages.cloud.google.com/apt',
  /** The repository's distribution is `gcsfuse-<Ubuntu codename>`, e.g. gcsfuse-jammy. */
  distributionPrefix: 'gcsfuse-',
  signingKeyUrl: 'https://packages.cloud.google.com/apt/doc/apt-key.gpg',
  keyringPath: '/usr/share/keyrings/cloud.google.asc',
  /**
   * The v6e runtime image (v2-alpha-tpuv6e) ships Ubuntu, Docker and the TPU runtime; gcsfuse is not
   * documented as part of it, so the startup script installs it when absent.
   */
  source: source('https://cloud.google.com/storage/docs/gcsfuse-install; https://cloud.google.com/tpu/docs/runtimes'),
  configSource: source(
    'https://cloud.google.com/storage/docs/gcsfuse-config-file; https://cloud.google.com/storage/docs/gcsfuse-file-cache; https://cloud.google.com/storage/docs/gcsfuse-performance',
  ),
} as const;

/**
 * The gcloud commands that reach a TPU VM's workers. A TPU VM here has no external IP, so SSH goes
 * through Identity-Aware Proxy: `--tunnel-through-iap` is documented for `gcloud alpha compute tpus
 * tpu-vm scp/ssh` (the GA commands list only `--internal-ip`). The network must allow TCP 22 from
 * IAP's range, and the user needs `roles/iap.tunnelResourceAccessor`.
 */
export const TPU_GCLOUD = {
  command: 'gcloud alpha compute tpus tpu-vm',
  queuedResourceCommand: 'gcloud compute tpus queued-resources',
  /** Required on multi-host slices (v6e-16 and larger): without it a command reaches worker 0 only. */
  allWorkers: '--worker=all',
  iap: '--tunnel-through-iap',
  iapSourceRange: '35.235.240.0/20',
  source: source(
    'https://cloud.google.com/sdk/gcloud/reference/alpha/compute/tpus/tpu-vm/scp; https://cloud.google.com/sdk/gcloud/reference/compute/tpus/tpu-vm/ssh',
  ),
  iapSource: source('https://cloud.google.com/iap/docs/using-tcp-forwarding'),
} as const;

/**
 * What `google_tpu_v2_queued_resource` cannot express in provider 6.50: its node spec has only
 * runtime_version, accelerator_type, network_config and description.
 */
export const QUEUED_RESOURCE_LIMITS = {
  cannot: [
    'spot capacity',
    'reservations',
    'a service account',
    'metadata (startup script)',
    'labels',
    'Shielded VM',
  ] as readonly string[],
  source: source('@cdktf/provider-google-beta 16.12.1 lib/google-tpu-v2-queued-resource (google-beta 6.50.0)'),
} as const;
