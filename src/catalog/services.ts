import { source } from './source';

/**
 * Google APIs every environment stack enables (`google_project_service`, never disabled on
 * destroy: other workloads in the project may use them).
 */
export const REQUIRED_SERVICES = [
  'compute.googleapis.com',
  'tpu.googleapis.com',
  'dataproc.googleapis.com',
  'storage.googleapis.com',
  'aiplatform.googleapis.com',
  'monitoring.googleapis.com',
  'logging.googleapis.com',
  'iam.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'cloudscheduler.googleapis.com',
  'artifactregistry.googleapis.com',
  'cloudkms.googleapis.com',
  'billingbudgets.googleapis.com',
] as const;

export type RequiredService = (typeof REQUIRED_SERVICES)[number];

export const SERVICES_SOURCE = source('https://cloud.google.com/service-usage/docs/enabled-service');

/**
 * Which API a Terraform resource type needs, by type prefix (longest prefix wins). A resource is
 * made to depend on its API's `google_project_service`, so the first apply on a new project works.
 */
export const SERVICE_FOR_RESOURCE_PREFIX: Readonly<Record<string, RequiredService>> = {
  google_compute_: 'compute.googleapis.com',
  google_tpu_: 'tpu.googleapis.com',
  google_dataproc_: 'dataproc.googleapis.com',
  google_storage_: 'storage.googleapis.com',
  google_vertex_ai_: 'aiplatform.googleapis.com',
  google_monitoring_: 'monitoring.googleapis.com',
  google_logging_: 'logging.googleapis.com',
  google_service_account: 'iam.googleapis.com',
  google_project_iam_: 'cloudresourcemanager.googleapis.com',
  google_project_iam_custom_role: 'iam.googleapis.com',
  google_cloud_scheduler_: 'cloudscheduler.googleapis.com',
  google_artifact_registry_: 'artifactregistry.googleapis.com',
  google_kms_: 'cloudkms.googleapis.com',
  google_billing_budget: 'billingbudgets.googleapis.com',
};

export function serviceForResourceType(type: string): RequiredService | undefined {
  const prefix = Object.keys(SERVICE_FOR_RESOURCE_PREFIX)
    .filter((p) => type.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? SERVICE_FOR_RESOURCE_PREFIX[prefix] : undefined;
}
