/** The alert policies, by construct id (part of their Terraform addresses: never rename). */
export const ALERT_IDS = [
  'tpu-idle',
  'tpu-interrupted',
  'dataproc-batch-failed',
  'vertex-pipeline-failed',
  'gcs-server-errors',
  'training-run-failed',
  'training-capacity-wait',
  'janitor-deleted-active',
  'scheduler-launch-failed',
] as const;
export type AlertId = (typeof ALERT_IDS)[number];

/** What the alert policies watch and how sensitive they are. Strings may be tokens. */
export interface AlertInputs {
  readonly environment: string;
  readonly projectId: string;
  readonly region: string;
  readonly zone: string;
  readonly tpuNodeName: string;
  /** Hosts of the configured slice (catalog): a multi-host slice cannot be stopped. Unknown: both cases are told. */
  readonly tpuHosts?: number;
  readonly bucketName: string;
  readonly dashboardName: string;
  readonly tpuIdleThresholdPercent: number;
  readonly tpuIdleMinutes: number;
  readonly gcsServerErrorRatio: number;
  readonly logAlertRateLimitMinutes: number;
}
