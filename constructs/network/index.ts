/** The network concern: the VPC and subnet workloads attach to, firewall rules, Cloud NAT. */
export { TrainingNetwork } from './network';
export { NETWORK_MODES, DEFAULT_FLOW_LOG_SAMPLING, networkTagsFor } from './props';
export type { NetworkMode, TrainingNetworkProps } from './props';
export { validateNetworkProps } from './validate';
