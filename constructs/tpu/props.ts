import { IResolvable, ITerraformDependable, TerraformProvider } from 'cdktf';
import type { CapacityMode } from '../../src/catalog';
import { IDataLake, IServiceAccount, ITrainingNetwork } from '../contracts';

/** `direct`: a `google_tpu_v2_vm`. `queued`: a `google_tpu_v2_queued_resource` that waits for capacity. */
export type TpuProvisioning = 'direct' | 'queued';

/**
 * A Cloud TPU v6e slice. Most fields are immutable: changing name, zone, acceleratorType, capacity,
 * runtimeVersion, network, serviceAccount, scopes or secureBoot REPLACES the TPU VM, and its boot disk
 * (anything not in Cloud Storage) is lost. Labels, metadata, networkTags and description change in place.
 */
export interface TpuV6eNodeProps {
  readonly projectId: string;
  /** TPU name, RFC 1035 (checked when literal). Immutable. */
  readonly name: string;
  /** A zone that offers v6e, in the subnet's region (checked when literal). Immutable. */
  readonly zone: string;
  /** The slice, one of the catalog's v6e accelerator types, e.g. `v6e-8` (checked when literal). Immutable. */
  readonly acceleratorType: string;
  /** `on-demand`, `spot` (may be preempted at any time) or `reserved` (consumes a reservation). Immutable. */
  readonly capacity: CapacityMode;
  /**
   * TPU software version.
   * Immutable.
   * @default the catalog's v6e runtime (`v2-alpha-tpuv6e`)
   */
  readonly runtimeVersion?: string;
  /** VPC and subnet; the workers get internal IPs only (egress through the network's NAT). Immutable. */
  readonly network: ITrainingNetwork;
  /**
   * The account the workers run as. Required with provisioning `direct`; a literal Compute Engine
   * default account is refused. Refused with `queued` (provider 6.50 cannot set it). Immutable.
   */
  readonly serviceAccount?: IServiceAccount;
  /**
   * OAuth scopes, always set explicitly.
   * Immutable.
   * @default cloud-platform, with access limited by IAM
   */
  readonly scopes?: readonly string[];
  /** The data lake, mounted on every worker at `/mnt/data-lake` by the startup script. */
  readonly dataLake: IDataLake;
  /**
   * Grant `serviceAccount` read access to `dataLake` and write access to the trainer's prefixes
   * (checkpoints/, models/, runs/: `grantRead`, `grantWrite`).
   * @default true with provisioning `direct`; nothing is granted with `queued`
   */
  readonly grantBucketAccess?: boolean;
  /**
   * Share of each host's memory used as the Cloud Storage FUSE file cache (a RAM disk), 1-50.
   * @default 25
   */
  readonly fileCacheMemoryPercent?: number;
  /**
   * Extra labels; environment, component and managed-by are set by the stack.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra metadata. `startup-script` belongs to this construct; `ssh-keys` is refused (gcloud writes it,
   * and the construct ignores its changes).
   * @default `enable-oslogin = "TRUE"` only (SSH access by IAM role through OS Login); set it to "FALSE" here to use keys in metadata instead
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * More network tags, besides the network's TPU tag (`network.tags.tpu`), which is always set: the
   * network's SSH and worker-to-worker rules target it. (Provisioning `queued` can set no tags at all,
   * so those rules do not reach its workers.)
   * @default none
   */
  readonly networkTags?: readonly string[];
  readonly description?: string;
  /**
   * Shielded VM Secure Boot.
   * Immutable.
   * @default false (not yet tried on the v6e runtime image here)
   */
  readonly secureBoot?: boolean;
  /**
   * Terraform `prevent_destroy`: a plan that would destroy or replace the TPU fails instead.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * @default `direct`. `queued` refuses spot, reserved, serviceAccount, scopes, labels, metadata, tags, secureBoot
   */
  readonly provisioning?: TpuProvisioning;
  /** Queued mode only, and required there: accept that the node runs as the Compute Engine default account. */
  readonly acceptComputeDefaultServiceAccount?: boolean;
  /**
   * Local directory the manual steps copy to the workers.
   * @default `train`
   */
  readonly trainingCodeDir?: string;
  /**
   * Command the manual steps run in that directory on every worker.
   * @default `python3 train.py`
   */
  readonly trainingCommand?: string;
  /**
   * The google-beta provider.
   * @default the stack's `GoogleBetaProvider`
   */
  readonly betaProvider?: TerraformProvider;
  /**
   * Bool token (e.g. `stack.inputs.enableTpuVm`): the VM exists only while it is true.
   * @default always
   */
  readonly enabled?: boolean | IResolvable;
  /**
   * Resources the TPU must wait for (e.g. a pause after creating its service account).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}
