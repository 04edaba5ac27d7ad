import { FLOW_LOGS } from '../../src/catalog';
import type { TrainingNetworkTags } from '../contracts';

/** `create`: a dedicated VPC and subnet; `existing`: look up the network and subnet by name. */
export const NETWORK_MODES = ['create', 'existing'] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];

/** Flow log sampling unless a network sets its own: Google's default. */
export const DEFAULT_FLOW_LOG_SAMPLING = FLOW_LOGS.flowSampling;

export interface TrainingNetworkProps {
  readonly projectId: string;
  /** The TPU's region (`stack.inputs.region`): the subnet, router and NAT live here. */
  readonly region: string;
  /** `create` (default): a dedicated custom-mode VPC and subnet. `existing`: look both up by name. */
  readonly mode?: NetworkMode;
  /** `stack.inputs.networkName` */
  readonly networkName: string;
  /** `stack.inputs.subnetName` */
  readonly subnetName: string;
  /** The subnet's range (RFC 1918); required with mode create, ignored with existing (read from the subnet). */
  readonly subnetCidr?: string;
  /**
   * Names the firewall rules, router and NAT (`<prefix>-allow-internal`, `-allow-tpu-internal`,
   * `-allow-iap-ssh`, `-router`, `-nat`) and the network tags (`<prefix>-tpu`, `<prefix>-dataproc`).
   */
  readonly namePrefix: string;
  /**
   * Cloud Router + Cloud NAT for egress of VMs without external IPs.
   * @default true for create, false for existing (which usually has its own NAT; a second NAT for the same subnet fails)
   */
  readonly cloudNat?: boolean;
  /**
   * The network tags the firewall rules target (each an RFC 1035 name). Default: networkTagsFor(namePrefix),
   * `<prefix>-tpu` and `<prefix>-dataproc`.
   */
  readonly tags?: Partial<TrainingNetworkTags>;
  /**
   * Flow log sampling, (0, 1].
   * @default 0.5 (Google's default)
   */
  readonly flowLogSampling?: number;
}

/** The default network tags of a training network: `<prefix>-tpu` and `<prefix>-dataproc`. */
export function networkTagsFor(namePrefix: string): TrainingNetworkTags {
  return { tpu: `${namePrefix}-tpu`, dataproc: `${namePrefix}-dataproc` };
}
