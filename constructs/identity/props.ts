import { IDataLake } from '../contracts';

export interface WorkloadServiceAccountProps {
  /** Project the account lives in (literal or token). */
  readonly projectId: string;
  /** Account id, 6-30 characters (checked when literal). Derive it with `Naming.serviceAccountId`. */
  readonly accountId: string;
  readonly displayName: string;
  readonly description?: string;
  /**
   * Project-level roles the workload needs, granted as additive `google_project_iam_member`s.
   * Basic roles and act-as roles are refused.
   * @default none
   */
  readonly projectRoles?: readonly string[];
}

export interface WorkloadServiceAccountsProps {
  readonly projectId: string;
  /** Account ids are `<prefix>-tpu-trainer`, `<prefix>-dataproc-worker`, `<prefix>-scheduler`. */
  readonly namePrefix: string;
  /** The data lake: each identity's object access is granted here, on the bucket. */
  readonly dataLake: IDataLake;
  /**
   * Buckets the project-wide roles must not reach objects in (an IAM condition on the Dataproc
   * worker's roles/dataproc.worker, which carries object write on every bucket of the project): the
   * data lake always, whose access the bucket grants decide, and e.g. a Terraform state bucket in the
   * same project. Default: the data lake only.
   */
  readonly protectedBuckets?: readonly string[];
}
