/**
 * The small interfaces constructs use to refer to each other, so that a workload construct (TPU,
 * Dataproc, Vertex AI) takes "a service account" or "the data bucket" as a typed value, and the
 * concrete constructs (constructs/data-lake-bucket.ts, network.ts, service-accounts.ts) implement them.
 * Every string may be a literal or an unresolved Terraform token.
 */

/** The data lake's top-level prefixes, each documented in the README. */
export const DATA_LAKE_PREFIXES = {
  raw: 'raw-data',
  processed: 'processed-data',
  checkpoints: 'checkpoints',
  models: 'models',
  scripts: 'scripts',
  pipelineRoot: 'pipeline-root',
} as const;

export type DataLakePrefix = (typeof DATA_LAKE_PREFIXES)[keyof typeof DATA_LAKE_PREFIXES];

/** A service account that workloads run as and that grants are made to. */
export interface IServiceAccount {
  /** `<id>@<project>.iam.gserviceaccount.com` */
  readonly email: string;
  /** `serviceAccount:<email>`, for IAM members. */
  readonly member: string;
  /** `projects/<project>/serviceAccounts/<email>`, for IAM on the account itself. */
  readonly accountName: string;
}

/** The environment's data lake bucket. */
export interface IDataBucket {
  readonly bucketName: string;
  /** `gs://<bucket>/<prefix>/<path...>`; with no prefix, `gs://<bucket>`. */
  gsUri(prefix?: DataLakePrefix, ...path: string[]): string;
  /** Read-only object access for `account`, as a bucket-level, additive IAM member. */
  grantRead(account: IServiceAccount): void;
  /** Read and write object access for `account`, as a bucket-level, additive IAM member. */
  grantReadWrite(account: IServiceAccount): void;
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
}
