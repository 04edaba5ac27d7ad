/** The TPU concern: a Cloud TPU v6e slice as a VM, its data lake startup script and its manual steps. */
export { TpuV6eNode } from './tpu-vm';
export type { TpuProvisioning, TpuV6eNodeProps } from './props';
export {
  DATA_LAKE_ENV,
  DATA_LAKE_ENV_FILE,
  DATA_LAKE_MOUNT,
  DATA_LAKE_MOUNT_MODES,
  DATA_LAKE_PROFILE,
  dataLakeStartupScript,
  LOAD_DATA_LAKE_ENV,
  SETUP_RETRY,
  TRAINING_HOME,
  TRAINING_USER,
} from './startup-script';
export type { StartupScriptOptions } from './startup-script';
export { tpuManualSteps } from './manual-steps';
export type { ManualStepsOptions, TpuManualSteps } from './manual-steps';
export { subnetRegion, tpuNodeProblems } from './validate';
