import { source } from './source';

/**
 * Facts for delivering the stacks: which resources are stateful or expensive (plan review), which
 * roles a deploying identity needs per resource family (Infrastructure Manager, CI), and how state
 * buckets are kept.
 */

/** A resource type whose replacement or deletion loses data, money or time. */
export interface StatefulResource {
  /** What it is, for the warning. */
  readonly what: string;
  /** What is lost when it is replaced or deleted. */
  readonly loss: string;
}

/**
 * Resource types the plan summary warns about loudly when a plan replaces or deletes them. Types
 * this project does not create yet are listed too, so a new construct is covered the day it lands.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, StatefulResource>> = {
  google_storage_bucket: { what: 'Cloud Storage bucket', loss: 'every object in it (and every version of each)' },
  google_tpu_v2_vm: {
    what: 'TPU v6e VM',
    loss: 'the VM, its local disk and any running training job; capacity may not come back',
  },
  google_tpu_v2_queued_resource: {
    what: 'TPU queued resource',
    loss: 'its place in the capacity queue and the TPU it created',
  },
  google_tpu_node: { what: 'TPU node', loss: 'the TPU and any running job' },
  google_dataproc_batch: {
    what: 'Dataproc Serverless batch',
    loss: 'nothing stored, but replacing it runs the preprocessing batch again (and bills it)',
  },
  google_kms_key_ring: {
    what: 'Cloud KMS key ring',
    loss: 'key rings cannot be deleted; a new one orphans the old keys',
  },
  google_kms_crypto_key: {
    what: 'Cloud KMS key',
    loss: 'data encrypted with it becomes unreadable once its versions are destroyed',
  },
  google_kms_crypto_key_version: { what: 'Cloud KMS key version', loss: 'data encrypted with this version' },
  google_artifact_registry_repository: {
    what: 'Artifact Registry repository',
    loss: 'every stored image and pipeline template',
  },
  google_vertex_ai_tensorboard: { what: 'Vertex AI TensorBoard', loss: 'every logged experiment' },
  google_vertex_ai_metadata_store: {
    what: 'Vertex AI metadata store',
    loss: 'pipeline lineage and artifacts metadata',
  },
  google_service_account: {
    what: 'service account',
    loss: 'grants made to it elsewhere (a new account has a new unique id)',
  },
  google_compute_network: { what: 'VPC network', loss: 'everything attached to it is replaced too (subnet, TPU VM)' },
  google_sql_database_instance: { what: 'Cloud SQL instance', loss: 'its databases' },
  google_filestore_instance: { what: 'Filestore instance', loss: 'its files' },
  google_bigquery_dataset: { what: 'BigQuery dataset', loss: 'its tables' },
  google_compute_disk: { what: 'persistent disk', loss: 'its data' },
};

export const STATEFUL_SOURCE = source(
  'Terraform resource docs (ForceNew fields) for each type; cloud.google.com/kms/docs/destroy-restore',
);

/** One role a deploying identity needs, and the resource types (by prefix, longest wins) it covers. */
export interface DeployerRole {
  readonly role: string;
  readonly prefixes: readonly string[];
  readonly why: string;
  /** Read-only roles that let a reviewer plan (refresh) the same resources, e.g. in pull requests. */
  readonly viewer: readonly string[];
}

/** Infrastructure Manager runs Terraform as a service account that needs this role in the project. */
export const INFRA_MANAGER_AGENT_ROLE = 'roles/config.agent';

/**
 * The roles a deploying service account (Infrastructure Manager's, or a workstation's) needs for
 * the resource types the stacks create, by type prefix. Every type a stack synthesizes must match
 * one prefix (a test holds every synthesized stack to this), so a new resource family cannot ship
 * without its role being documented.
 */
export const DEPLOYER_ROLES: readonly DeployerRole[] = [
  {
    role: 'roles/serviceusage.serviceUsageAdmin',
    prefixes: ['google_project_service'],
    why: 'enable the APIs',
    viewer: ['roles/serviceusage.serviceUsageViewer'],
  },
  {
    role: 'roles/storage.admin',
    prefixes: ['google_storage_'],
    why: 'buckets, their IAM and uploaded objects',
    viewer: ['roles/storage.bucketViewer', 'roles/storage.objectViewer'],
  },
  {
    role: 'roles/compute.networkAdmin',
    prefixes: [
      'google_compute_network',
      'google_compute_subnetwork',
      'google_compute_router',
      'google_compute_address',
      'google_compute_route',
    ],
    why: 'VPC, subnet, router and NAT',
    viewer: ['roles/compute.networkViewer'],
  },
  {
    role: 'roles/compute.securityAdmin',
    prefixes: ['google_compute_firewall'],
    why: 'firewall rules',
    viewer: ['roles/compute.networkViewer'],
  },
  {
    role: 'roles/tpu.admin',
    prefixes: ['google_tpu_'],
    why: 'TPU VMs and queued resources',
    viewer: ['roles/tpu.viewer'],
  },
  {
    role: 'roles/dataproc.editor',
    prefixes: ['google_dataproc_'],
    why: 'Dataproc Serverless batches',
    viewer: ['roles/dataproc.viewer'],
  },
  {
    role: 'roles/aiplatform.admin',
    prefixes: ['google_vertex_ai_'],
    why: 'Vertex AI TensorBoard, metadata store',
    viewer: ['roles/aiplatform.viewer'],
  },
  {
    role: 'roles/artifactregistry.admin',
    prefixes: ['google_artifact_registry_'],
    why: 'repositories for pipeline templates and their IAM',
    viewer: ['roles/artifactregistry.reader'],
  },
  {
    role: 'roles/monitoring.editor',
    prefixes: ['google_monitoring_'],
    why: 'dashboards, alert policies, notification channels',
    viewer: ['roles/monitoring.viewer'],
  },
  {
    role: 'roles/logging.configWriter',
    prefixes: ['google_logging_'],
    why: 'log-based metrics and sinks',
    viewer: ['roles/logging.viewer'],
  },
  {
    role: 'roles/cloudscheduler.admin',
    prefixes: ['google_cloud_scheduler_'],
    why: 'scheduled pipeline and batch launches',
    viewer: ['roles/cloudscheduler.viewer'],
  },
  {
    role: 'roles/cloudkms.admin',
    prefixes: ['google_kms_'],
    why: 'key rings, keys and their IAM',
    viewer: ['roles/cloudkms.viewer'],
  },
  {
    role: 'roles/iam.serviceAccountAdmin',
    prefixes: ['google_service_account'],
    why: 'workload service accounts and IAM on them',
    viewer: ['roles/iam.serviceAccountViewer', 'roles/iam.securityReviewer'],
  },
  {
    role: 'roles/resourcemanager.projectIamAdmin',
    prefixes: ['google_project_iam_'],
    why: 'additive project role grants to the workload accounts',
    viewer: ['roles/iam.securityReviewer'],
  },
  {
    role: 'roles/iam.serviceAccountUser',
    prefixes: [],
    why: 'attach the workload accounts to the TPU VM, batch and jobs it creates (act-as); the accounts do not exist before the first apply, so this is granted on the project to the deploying account only',
    viewer: [],
  },
  { role: '(none)', prefixes: ['terraform_data'], why: 'built into Terraform', viewer: [] },
  {
    role: '(none)',
    prefixes: ['time_'],
    why: 'hashicorp/time (e.g. time_sleep): runs inside Terraform, calls no Google Cloud API',
    viewer: [],
  },
];

export const DEPLOYER_ROLES_SOURCE = source(
  'https://cloud.google.com/iam/docs/understanding-roles; https://cloud.google.com/infrastructure-manager/docs/configure-service-account',
);

/** The role that covers a resource type (longest prefix wins), or undefined. */
export function deployerRoleFor(type: string): DeployerRole | undefined {
  let best: { role: DeployerRole; length: number } | undefined;
  for (const role of DEPLOYER_ROLES) {
    for (const prefix of role.prefixes) {
      if (type.startsWith(prefix) && (!best || prefix.length > best.length)) best = { role, length: prefix.length };
    }
  }
  return best?.role;
}

/** How the Terraform state buckets (bootstrap stack) are kept. */
export const STATE_BUCKET = {
  /** Older state versions kept besides the live one; older ones are deleted by a lifecycle rule. */
  noncurrentVersionsKept: 20,
  /** What a plan that replaces or deletes one loses (plan summary). */
  loss: 'the Terraform state: the environment stack loses track of every resource it manages',
  source: source(
    'https://developer.hashicorp.com/terraform/language/backend/gcs (enable Object Versioning); https://cloud.google.com/storage/docs/lifecycle',
  ),
} as const;

/**
 * The Terraform CLI the pull-request workflow plans with: the version on the team's workstations,
 * which write the state (an older CLI cannot read state written by a newer one).
 */
export const CI_TERRAFORM_VERSION = '1.11.4';
export const CI_TERRAFORM_SOURCE = source(
  'terraform version on the project machines; https://developer.hashicorp.com/terraform/language/v1-compatibility-promises',
);
