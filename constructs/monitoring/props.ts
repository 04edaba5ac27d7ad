import { IResolvable } from 'cdktf';

export interface TrainingMonitoringProps {
  /** Bool token (e.g. `stack.inputs.enableMonitoring`): every resource here exists only while it is true. */
  readonly enabled: boolean | IResolvable;
  readonly projectId: string;
  /** Environment name (literal), in display names and documentation. */
  readonly environment: string;
  /** Region of Dataproc batches and Vertex AI pipeline runs (for the runbooks' commands). */
  readonly region: string;
  /** Zone of the TPU VM: accelerator charts and the interruption alert cover the TPU VMs in it. */
  readonly zone: string;
  /** The TPU node name (`tpu_worker` label `node_id`): host charts and the idle alert watch it. */
  readonly tpuNodeName: string;
  /**
   * Hosts of the TPU slice (`findSlice(acceleratorType).hosts`): the idle runbook says stop for one
   * host and delete for more (multi-host slices cannot be stopped). Default: unknown, and the runbook
   * tells both.
   */
  readonly tpuHosts?: number;
  /** The data lake bucket: request-rate, throughput and server-error charts and alert. */
  readonly bucketName: string;
  /**
   * Literal email addresses, one notification channel each, all used by every policy (0-5). None: the
   * policies notify no one (the policy pack warns, TPU-MON-001).
   */
  readonly notificationEmails: readonly string[];
  /**
   * Billing account (`XXXXXX-XXXXXX-XXXXXX`).
   * @default none, and no budget is created
   */
  readonly billingAccount?: string | null;
  /** Monthly budget in whole units of `budgetCurrency`; required with a billing account. */
  readonly monthlyBudget?: number;
  /**
   * The billing account's currency (ISO 4217).
   * @default USD
   */
  readonly budgetCurrency?: string;
  /**
   * Budget fractions that notify on current spend.
   * @default 0.5, 0.9, 1.0 (plus 100% forecast)
   */
  readonly budgetThresholds?: readonly number[];
  /**
   * Duty cycle (%) under which the TPU counts as idle.
   * @default 5
   */
  readonly tpuIdleThresholdPercent?: number;
  /**
   * Whole minutes of idleness before the idle alert fires.
   * @default 30
   */
  readonly tpuIdleMinutes?: number;
  /**
   * Fraction of Cloud Storage requests answered 5xx that alerts, over 5 minutes.
   * @default 0.01 (1%)
   */
  readonly gcsServerErrorRatio?: number;
  /**
   * Whole minutes between two notifications of one log-based alert (at least 5).
   * @default 30
   */
  readonly logAlertRateLimitMinutes?: number;
}
