import { source } from './source';

/** The Monitoring API's own rules for alert policies and dashboards, enforced before synthesis. */
export const MONITORING_API = {
  /** `aggregations.alignment_period` is at least a minute. */
  minAlignmentPeriodSeconds: 60,
  /** `condition_threshold.duration` (and absent/log durations) are whole minutes: 0, 60, 120, ... */
  durationGranularitySeconds: 60,
  /** `filter` and `denominator_filter` may not exceed 2,048 characters. */
  maxFilterLength: 2048,
  /** A log-match condition is the policy's only condition, and the policy sets a notification rate limit. */
  logMatchMinRateLimitSeconds: 300,
  /** Incidents close after this long without data at the earliest. */
  minAutoCloseSeconds: 1800,
  alertPolicySource: source(
    'https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.alertPolicies; https://cloud.google.com/logging/docs/alerting/log-based-alerts',
  ),
  /** `mosaicLayout.columns` is 1-48; tiles must lie inside the grid. */
  mosaicMaxColumns: 48,
  /** The schema `google_monitoring_dashboard.dashboard_json` follows (npm @google-cloud/monitoring-dashboards). */
  dashboardMessage: 'google.monitoring.dashboard.v1.Dashboard',
  /**
   * `incidentList.policyNames` takes `alertPolicies/<id>`, without the `projects/<p>/` prefix that an
   * alert policy's `name` carries (a full name makes the tile show nothing).
   */
  incidentListPolicyPrefix: 'alertPolicies/',
  incidentListSource: source(
    'https://cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards (IncidentList.policyNames); terraform-provider-google issue #14118',
    '2026-12',
  ),
  dashboardSource: source(
    'https://cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards; npm @google-cloud/monitoring-dashboards build/protos/protos.json',
  ),
} as const;

/**
 * Where Vertex AI logs a pipeline task's container output: resource type `ml_job` (tasks run as
 * custom jobs; stderr at severity ERROR). Not yet seen on a real run.
 */
export const VERTEX_TASK_LOGS = {
  resourceType: 'ml_job',
  source: source(
    'https://cloud.google.com/vertex-ai/docs/training/monitor-debug-interactive-shell; https://cloud.google.com/logging/docs/api/v2/resource-list (ml_job)',
    '2026-12',
  ),
} as const;

/** Log queries for events that have no metric. */
export const LOG_FILTERS = {
  /** A Vertex AI pipeline run that ended in the FAILED state. */
  vertexPipelineFailed: {
    filter: 'resource.type="aiplatform.googleapis.com/PipelineJob" jsonPayload.state="PIPELINE_STATE_FAILED"',
    source: source('https://cloud.google.com/vertex-ai/docs/pipelines/logging'),
  },
  /**
   * A Dataproc Serverless batch whose CreateBatch long-running operation ended in an error: the
   * Admin Activity audit entry that closes the operation (`operation.last`) at severity ERROR.
   * Dataproc has no batch-state metric.
   */
  dataprocBatchFailed: {
    filter:
      'protoPayload.serviceName="dataproc.googleapis.com" protoPayload.methodName="google.cloud.dataproc.v1.BatchController.CreateBatch" operation.last=true severity>=ERROR',
    source: source(
      'https://cloud.google.com/dataproc/docs/guides/audit-logging; https://cloud.google.com/logging/docs/audit/understanding-audit-logs',
    ),
  },
} as const;

/**
 * Cloud Scheduler logs every attempt on resource type `cloud_scheduler_job`; an attempt whose target
 * refused the request (4xx/5xx, e.g. a launch the Dataproc or Vertex AI API refused) is logged at
 * severity ERROR. A refused launch creates no batch and no pipeline run, so no other alert sees it.
 * The filter names no job: it covers every launcher in the project, present and future.
 */
export const SCHEDULER_LOGS = {
  resourceType: 'cloud_scheduler_job',
  jobLabel: 'job_id',
  failedAttempt: {
    filter: 'resource.type="cloud_scheduler_job" severity>=ERROR',
    source: source(
      'https://cloud.google.com/scheduler/docs/view-logs (attempt logs on cloud_scheduler_job; failed attempts at ERROR; jsonPayload.@type ...AttemptFinished in public configurations, not in a Google doc)',
      '2026-12',
    ),
  },
} as const;

/** Cloud Billing budgets (`google_billing_budget`). */
export const BILLING_BUDGETS = {
  /** A billing account id: three groups of six uppercase letters or digits, e.g. 012345-6789AB-CDEF01. */
  billingAccountPattern: '^[0-9A-Z]{6}-[0-9A-Z]{6}-[0-9A-Z]{6}$',
  /** `all_updates_rule.monitoring_notification_channels` holds at most five channels. */
  maxMonitoringChannels: 5,
  /** `budget_filter.projects` entries are `projects/<project number>`, not the project id. */
  projectFilterPrefix: 'projects/',
  /** The default budget currency; a budget's `currency_code` must be the billing account's currency. */
  currency: 'USD',
  /** ISO 4217 currency code, as `amount.specified_amount.currency_code` takes it. */
  currencyPattern: '^[A-Z]{3}$',
  source: source(
    'https://cloud.google.com/billing/docs/reference/budget/rest/v1/billingAccounts.budgets; provider 6.50 billing_budget docs',
  ),
  /**
   * With end-user credentials (`gcloud auth application-default login`) the Billing Budget API needs a
   * quota project: the provider that creates the budget sets `user_project_override = true` and
   * `billing_project` (the environment's project, which enables billingbudgets.googleapis.com).
   */
  quotaProjectSource: source(
    'https://cloud.google.com/billing/docs/how-to/budget-api-setup; provider 6.50 docs: google_billing_budget (user_project_override, billing_project)',
    '2026-12',
  ),
} as const;

/**
 * Domains reserved for documentation (RFC 2606 section 3): mail to them reaches no one, so an alert
 * channel there is no channel. Subdomains (`ml.example.com`) count too.
 */
export const PLACEHOLDER_EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.org', 'example.net'];
export const PLACEHOLDER_EMAIL_DOMAINS_SOURCE = source('https://www.rfc-editor.org/rfc/rfc2606#section-3', '2026-12');

/** The placeholder domain an address is at (itself or a subdomain), if any. */
export function placeholderDomainOf(address: string): string | undefined {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return PLACEHOLDER_EMAIL_DOMAINS.find((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Email notification channels: `type = "email"`, the address in the `email_address` label. */
export const NOTIFICATION_CHANNELS = {
  email: { type: 'email', addressLabel: 'email_address' },
  source: source(
    'https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.notificationChannelDescriptors/list; provider 6.50 monitoring_notification_channel docs',
  ),
} as const;
