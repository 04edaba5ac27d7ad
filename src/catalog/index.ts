/**
 * The facts catalog: Google Cloud facts this project depends on, as data with their sources.
 * Constructs and configuration read facts from here, never from literals of their own.
 */
export * from './source';
export * from './tpu';
export * from './naming-rules';
export * from './services';
export * from './iam';
export * from './tpu-pricing';
export * from './tpu-vm';
export * from './storage';
export * from './network';
export * from './workload-roles';
export * from './vertex';
export * from './monitoring';
export * from './alerting';
export * from './dataproc';
export * from './pricing';
export * from './labelable';
export * from './security';
export * from './delivery';
export * from './kfp';
export * from './tpu-queued-resources';
export * from './preflight';
