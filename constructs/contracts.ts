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
  /** Grants a project role to this account (additive, idempotent). */
  grantProjectRole(role: string): IGrant;
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
  /** Read-only object access for `account`, as a bucket-level, additive IAM member. */
  grantRead(account: IServiceAccount, id?: string): IGrant;
  /** Read and write object access for `account`, as a bucket-level, additive IAM member. */
  grantReadWrite(account: IServiceAccount, id?: string): IGrant;
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
