import { source } from './source';

/**
 * Project-level roles the workload identities hold (constructs/identity/workload-accounts.ts). Bucket access is
 * granted on the bucket (BUCKET_ROLES), never here.
 */
export const WORKLOAD_ROLES = {
  logWriter: 'roles/logging.logWriter',
  metricWriter: 'roles/monitoring.metricWriter',
  /**
   * Required by Dataproc Serverless for its workload service account. It already includes log and
   * metric writing, and object access on every bucket of the project (28 storage permissions):
   * Google offers no narrower predefined role for a batch's service account.
   */
  dataprocWorker: 'roles/dataproc.worker',
  /** Run serverless batches and sessions as a user (dataproc.batches.create), without Dataproc cluster rights. */
  dataprocServerlessEditor: 'roles/dataproc.serverlessEditor',
  /** Create Vertex AI pipeline jobs. */
  vertexAiUser: 'roles/aiplatform.user',
  source: source(
    'https://cloud.google.com/iam/docs/roles-permissions/dataproc; https://cloud.google.com/dataproc-serverless/docs/concepts/service-account',
  ),
} as const;
