import type { ITerraformDependable } from 'cdktf';

/**
 * The small interfaces constructs use to refer to each other, so that a workload construct (TPU,
 * Dataproc, Vertex AI) takes "a service account" or "the data lake" as a typed value, and the concrete
 * constructs (constructs/data-lake, network, identity) implement them. Every string may be a literal or
 * an unresolved Terraform token. Grants return the grant, for resources that must wait for it.
 */

/** The data lake's top-level prefixes, each documented in docs/data-lake-and-network.md. */
export const DATA_LAKE_PREFIXES = {
  raw: 'raw-data',
  processed: 'processed-data',
  checkpoints: 'checkpoints',
  models: 'models',
  scripts: 'scripts',
  pipelineRoot: 'pipeline-root',
  /** Training run results (`runs/<run-id>/result-<worker>.json`, logs). */
  runs: 'runs',
} as const;

export type DataLakePrefix = (typeof DATA_LAKE_PREFIXES)[keyof typeof DATA_LAKE_PREFIXES];

/**
 * Where each workload may write in the data lake (IAM conditions on its write grant); every workload
 * reads the whole bucket. No workload writes `scripts/`, the job code the batches run: only the
 * deployer (Terraform) does. Dataproc stages in its own per-location buckets, not in the data lake.
 */
export const WORKLOAD_WRITE_PREFIXES = {
  tpuTrainer: [DATA_LAKE_PREFIXES.checkpoints, DATA_LAKE_PREFIXES.models, DATA_LAKE_PREFIXES.runs],
  dataprocWorker: [DATA_LAKE_PREFIXES.processed],
} as const satisfies Record<string, readonly string[]>;

/** An IAM condition on a grant: `expression` is CEL over the request's resource. */
export interface IamCondition {
  readonly title: string;
  readonly description?: string;
  readonly expression: string;
}

/** A grant (an IAM member resource): something to wait for. */
export type IGrant = ITerraformDependable;

/** A service account that workloads run as and that grants are made to. */
export interface IServiceAccount {
  /** `<id>@<project>.iam.gserviceaccount.com` */
  readonly email: string;
  /** `serviceAccount:<email>`, for IAM members. */
  readonly member: string;
  /** `projects/<project>/serviceAccounts/<email>`, for IAM on the account itself. */
  readonly accountName: string;
}

/** A workload's own service account: others may be allowed to act as it, and it can be given roles. */
export interface IWorkloadServiceAccount extends IServiceAccount {
  /** Lets `principal` act as this account, granted on this account only. */
  grantActAs(principal: IServiceAccount, idSuffix?: string): IGrant;
  /**
   * Grants a project role to this account (additive, idempotent: a second call for the role returns
   * the first grant), with an optional IAM condition (e.g. to keep a role that carries storage
   * rights off some buckets).
   */
  grantProjectRole(role: string, condition?: IamCondition): IGrant;
  /**
   * Ready to be attached by another API: the account, its grants so far, and a pause for IAM to
   * propagate (created on first use).
   */
  readonly ready: ITerraformDependable;
}

/** The environment's data lake bucket. */
export interface IDataLake {
  readonly bucketName: string;
  /** `gs://<bucket>/<prefix>/<path...>`; with no prefix, `gs://<bucket>`. */
  gsUri(prefix?: DataLakePrefix, ...path: string[]): string;
  /** Read-only object access for `account` on the whole bucket, as a bucket-level, additive IAM member. */
  grantRead(account: IServiceAccount, id?: string): IGrant;
  /**
   * Create, overwrite and delete access for `account` to the objects under `prefixes` only (an IAM
   * condition on a bucket-level member); reads come from grantRead. Never `scripts/`.
   */
  grantWrite(account: IServiceAccount, prefixes: readonly string[], id?: string): IGrant;
}

/**
 * The network tags the training network's firewall rules target: TPU workers carry `tpu`, Dataproc
 * Serverless batches `dataproc`. A VM without one of them gets no ingress from these rules.
 */
export interface TrainingNetworkTags {
  readonly tpu: string;
  readonly dataproc: string;
}

/** The VPC and subnet workloads attach to. */
export interface ITrainingNetwork {
  /** `projects/<p>/global/networks/<name>` */
  readonly networkId: string;
  readonly networkName: string;
  /** `projects/<p>/regions/<r>/subnetworks/<name>` */
  readonly subnetworkId: string;
  readonly subnetName: string;
  /** The subnet's primary range, e.g. 10.10.0.0/20. */
  readonly subnetCidr: string;
  /** What a VM without an external IP waits for before it boots (the NAT, when the network has one). */
  readonly ready: ITerraformDependable;
  /** Tags to put on TPU workers and Dataproc batches: the firewall rules admit traffic by them. */
  readonly tags: TrainingNetworkTags;
  /** The rule that lets a batch's executors reach each other: what a batch run at deploy waits for. */
  readonly dataprocIngress: ITerraformDependable;
}
