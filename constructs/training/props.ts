import { IResolvable } from 'cdktf';
import type { CapacityMode } from '../../src/catalog';
import { IDataLake, IServiceAccount, ITrainingNetwork } from '../contracts';

/**
 * Training runs of one environment. A run is a Vertex AI pipeline run whose spec this construct
 * generates: preprocess (the Dataproc batch the schedule sends), train (a TPU v6e queued resource that
 * exists only while it trains), publish (the run record under models/<run-id>/).
 */
export interface TrainingRunsProps {
  /** Bool token (e.g. `stack.inputs.enableVertexAi`): the grants here exist only while it is true. */
  readonly enabled: boolean | IResolvable;
  readonly projectId: string;
  /** The TPU's zone: the queued resource's location. */
  readonly zone: string;
  /** The environment name (a label on every request). */
  readonly environment: string;
  /** Derives the runner's custom role id (`<prefix>_training_runs`, hyphens as underscores). */
  readonly namePrefix: string;
  /** The slice a run trains on, e.g. `v6e-8` (literal or token). */
  readonly acceleratorType: string;
  readonly capacity: CapacityMode;
  /**
   * Slices per run; more than 1 is a multislice (multi-host slices only).
   * @default 1
   */
  readonly slices?: number;
  /** With capacity `reserved`: the reservation (`<name>` or `projects/<p>/locations/<zone>/reservations/<name>`). */
  readonly reservation?: string;
  /** How long a request may wait for capacity, in seconds. */
  readonly maxWaitSeconds: number;
  /** New requests after preemption before a run fails. */
  readonly maxRestarts: number;
  /** Wall-clock limit of the train step, in seconds. */
  readonly runTimeoutSeconds: number;
  /**
   * Run once on every worker before `command`.
   * @default the default command's setup (installs JAX for TPU)
   */
  readonly setup?: string;
  /**
   * The training program, run on every worker (see docs/vertex-ai-and-training.md for its contract).
   * @default prove the slice (src/jobs/prove_slice.py)
   */
  readonly command?: string;
  /** The subnet the workers attach to (no external IPs). */
  readonly network: ITrainingNetwork;
  /** Mounted on every worker; holds processed data, checkpoints, models and run results. */
  readonly dataLake: IDataLake;
  /** The account the TPU workers run as. */
  readonly trainer: IServiceAccount;
  /** The `batches.create` body the Dataproc schedule sends, as a JSON string (usually a token). */
  readonly preprocessingRequest: string;
  /**
   * Labels on every request, besides environment and run-id.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * More network tags on the workers, besides the network's TPU tag (`network.tags.tpu`), which is
   * always set: the network's SSH and worker-to-worker rules target it.
   * @default none
   */
  readonly networkTags?: readonly string[];
}
