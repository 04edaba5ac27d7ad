import { source } from './source';

/** How one Terraform resource type takes user labels. */
export interface LabelableType {
  /** The attribute holding the resource's own labels. */
  readonly attribute: 'labels' | 'user_labels';
  /**
   * Whether the provider's `default_labels` are merged into it (the provider 5.0+ labels model, with
   * `terraform_labels` and `effective_labels`). Monitoring resources' `user_labels` are not.
   */
  readonly takesDefaultLabels: boolean;
}

const L: LabelableType = { attribute: 'labels', takesDefaultLabels: true };
const USER: LabelableType = { attribute: 'user_labels', takesDefaultLabels: false };

/**
 * Resource types that carry user labels, for the families this project and its neighbours use. A
 * type not listed here is not checked for labels. Each entry is checked against the provider
 * bindings in test/labelable-catalog.spec.ts (the type has the attribute, and `effective_labels` iff
 * default labels apply). Left out on purpose: `google_monitoring_metric_descriptor` (its `labels`
 * are label descriptors) and `google_monitoring_notification_channel.labels` (channel settings).
 */
/**
 * Types whose `labels` attribute is not the resource's own labels: the labels aspect leaves them alone.
 * (`google_monitoring_notification_channel` is handled by preferring `user_labels`.)
 */
export const NOT_RESOURCE_LABELS: readonly string[] = ['google_monitoring_metric_descriptor'];

export const LABELABLE_TYPES: Readonly<Record<string, LabelableType>> = {
  google_storage_bucket: L,
  google_compute_instance: L,
  google_compute_instance_template: L,
  google_compute_disk: L,
  google_compute_region_disk: L,
  google_compute_image: L,
  google_compute_snapshot: L,
  google_compute_address: L,
  google_compute_global_address: L,
  google_compute_forwarding_rule: L,
  google_tpu_v2_vm: L,
  google_tpu_node: L,
  google_dataproc_batch: L,
  google_dataproc_cluster: L,
  google_dataproc_job: L,
  google_dataproc_session_template: L,
  google_dataproc_workflow_template: L,
  google_dataproc_metastore_service: L,
  google_vertex_ai_tensorboard: L,
  google_vertex_ai_dataset: L,
  google_vertex_ai_endpoint: L,
  google_vertex_ai_index: L,
  google_vertex_ai_index_endpoint: L,
  google_vertex_ai_featurestore: L,
  google_vertex_ai_feature_online_store: L,
  google_workbench_instance: L,
  google_notebooks_instance: L,
  google_artifact_registry_repository: L,
  google_kms_crypto_key: L,
  google_pubsub_topic: L,
  google_pubsub_subscription: L,
  google_secret_manager_secret: L,
  google_filestore_instance: L,
  google_bigquery_dataset: L,
  google_bigquery_table: L,
  google_cloud_run_v2_service: L,
  google_cloud_run_v2_job: L,
  google_cloudfunctions2_function: L,
  google_monitoring_alert_policy: USER,
  google_monitoring_notification_channel: USER,
  google_monitoring_uptime_check_config: USER,
  google_monitoring_custom_service: USER,
  google_monitoring_service: USER,
  google_monitoring_slo: USER,
};

export const LABELABLE_SOURCE = source(
  '@cdktf/provider-google(-beta) 16.12.1 bindings (labelsInput / userLabelsInput / effectiveLabels); https://googlecloudplatform.github.io/magic-modules/best-practices/labels-and-annotations/',
);
