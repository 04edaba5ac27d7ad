import { IResolvable, TerraformProvider } from 'cdktf';
import { IDataLake, IServiceAccount } from '../contracts';

/** The parameter the construct adds to every run: the Tensorboard's resource name. */
export const TENSORBOARD_PARAMETER = 'tensorboard';

/** The package and tag the repository's upload command writes (and the launcher runs without a pipelineSpec). */
export const DEFAULT_TEMPLATE = { package: 'training-pipeline', tag: 'latest' } as const;

export interface VertexAiProps {
  /** Bool token (e.g. `stack.inputs.enableVertexAi`): every resource here exists only while it is true. */
  readonly enabled: boolean | IResolvable;
  readonly projectId: string;
  /** Region of the repository, Tensorboard, metadata store, launcher and the Vertex AI endpoint. */
  readonly region: string;
  /** Environment prefix: names are `<prefix>-pipeline-runner`, `<prefix>-pipelines`, `<prefix>-pipeline-launcher`. */
  readonly namePrefix: string;
  /** The google-beta provider (the metadata store exists only there). */
  readonly betaProvider: TerraformProvider;
  /** The data lake: runs write to its `pipeline-root/` prefix. */
  readonly dataLake: IDataLake;
  /** The identity Cloud Scheduler sends the request as; given aiplatform.user and act-as on the runner. */
  readonly launcher: IServiceAccount;
  /** Accounts the pipeline's steps run as (custom jobs, Dataproc batches), by a stable key; the runner may act as these only. */
  readonly stepAccounts: Readonly<Record<string, IServiceAccount>>;
  /** unix-cron schedule in `timeZone`; null: the launcher is paused and runs start by hand. */
  readonly schedule: string | null;
  /**
   * tz database name.
   * @default Etc/UTC
   */
  readonly timeZone?: string;
  /**
   * The pipeline spec (KFP IR) the launcher sends inline as `pipelineSpec`: a run works on the first
   * apply with nothing compiled or uploaded.
   * @default none: the launcher runs `templatePackage:templateTag` from the repository
   */
  readonly pipelineSpec?: Readonly<Record<string, unknown>>;
  /**
   * The compiled pipeline's name (`pipelineInfo.name`): the package in the repository the launcher runs
   * when no `pipelineSpec` is given, and the package the upload command writes.
   * @default "training-pipeline"
   */
  readonly templatePackage?: string;
  /**
   * The tag or `sha256:` version of the package.
   * @default "latest"
   */
  readonly templateTag?: string;
  /**
   * Runtime parameters of every run (bucket paths, TPU size, Dataproc values); the compiled pipeline
   * must declare each as a `str` input. A value that references a toggled resource must be the whole
   * reference, not part of a longer string. `tensorboard` is added by the construct.
   * @default none
   */
  readonly parameterValues?: Readonly<Record<string, string | number>>;
  /**
   * Labels on every run (e.g. environment, team); `component` and `managed-by` are added.
   * @default none
   */
  readonly runLabels?: Readonly<Record<string, string>>;
  /**
   * A VPC peered with Vertex AI (`projects/<number>/global/networks/<name>`).
   * @default none (Google's network)
   */
  readonly peeredNetwork?: string;
  /**
   * Project roles the runner needs beyond aiplatform.user (e.g. roles/dataproc.serverlessEditor for
   * Dataproc steps).
   * @default none
   */
  readonly runnerProjectRoles?: readonly string[];
  /**
   * `pipeline-root`: the runner may create, read and delete objects under `pipeline-root/` only (an IAM
   * condition; bucket-level calls such as listing stay allowed). `bucket`: objects anywhere in the
   * bucket.
   * @default `pipeline-root`
   */
  readonly runnerStorageScope?: 'pipeline-root' | 'bucket';
  /**
   * Create the project's `default` metadata store in this region (where Vertex AI records lineage).
   * Vertex AI otherwise creates it on the first run; if it already exists, import it or set false.
   * @default true
   */
  readonly createMetadataStore?: boolean;
}

/** A launcher: a Cloud Scheduler job that starts a pipeline run (see VertexAi.addLauncher). */
export interface LauncherOptions {
  /** Construct id of the body local, and its Terraform name. */
  readonly bodyId: string;
  readonly bodyLogicalId: string;
  /** The Cloud Scheduler job's name. */
  readonly name: string;
  readonly description: string;
  /** What the PipelineJob runs: a display name, and the spec inline or a template URI, with its parameters. */
  readonly body: {
    readonly displayName: string;
    readonly templateUri?: string;
    readonly pipelineSpec?: Readonly<Record<string, unknown>>;
    readonly parameterValues: Readonly<Record<string, string | number>>;
  };
  /** unix-cron in `timeZone`; null: paused. */
  readonly schedule: string | null;
  /** @default Etc/UTC */
  readonly timeZone?: string;
}
