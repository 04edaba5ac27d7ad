import { GCS_SERVER_ERROR_CODES, LOG_FILTERS, SCHEDULER_LOGS } from '../../src/catalog';
import { groupBy, metricFilter } from './queries';
import { AlertPolicySpec } from './rules';
import { runbooks } from './runbooks';
import { AlertId, AlertInputs } from './alert-inputs';
import { TRAINING_LOG_FILTERS } from './training-logs';

export { ALERT_IDS } from './alert-inputs';
export type { AlertId, AlertInputs } from './alert-inputs';

const FIVE_MINUTES = '300s';

function percent(ratio: number): number {
  return Number((ratio * 100).toFixed(2));
}
const AUTO_CLOSE = '1800s';

/** The alert policies of an environment (ALERT_IDS), before they become resources. */
export function alertPolicySpecs(a: AlertInputs): Record<AlertId, AlertPolicySpec> {
  const doc = runbooks(a);
  const markdown = (id: AlertId) => ({
    content: doc[id].content,
    mimeType: 'text/markdown',
    subject: `[${a.environment}] ${doc[id].title}`,
  });
  const logStrategy = {
    notificationRateLimit: { period: `${a.logAlertRateLimitMinutes * 60}s` },
    autoClose: AUTO_CLOSE,
  };
  const gcsQuery = { metric: 'gcsRequestCount', resourceLabels: { bucket_name: a.bucketName } } as const;
  const gcsAggregation = [
    {
      alignmentPeriod: FIVE_MINUTES,
      perSeriesAligner: 'ALIGN_SUM',
      crossSeriesReducer: 'REDUCE_SUM',
      groupByFields: groupBy('gcsRequestCount', 'resource.labels.bucket_name'),
    },
  ];

  return {
    'tpu-idle': {
      displayName: `[${a.environment}] TPU idle: ${a.tpuNodeName}`,
      combiner: 'OR',
      severity: 'WARNING',
      documentation: markdown('tpu-idle'),
      alertStrategy: { autoClose: AUTO_CLOSE },
      conditions: [
        {
          displayName: `Duty cycle below ${a.tpuIdleThresholdPercent}% for ${a.tpuIdleMinutes} min (TPU VMs in ${a.zone})`,
          conditionThreshold: {
            filter: metricFilter({ metric: 'tpuDutyCycle', resourceLabels: { location: a.zone } }),
            aggregations: [
              {
                alignmentPeriod: FIVE_MINUTES,
                perSeriesAligner: 'ALIGN_MEAN',
                crossSeriesReducer: 'REDUCE_MEAN',
                groupByFields: groupBy('tpuDutyCycle', 'resource.labels.worker_id'),
              },
            ],
            comparison: 'COMPARISON_LT',
            thresholdValue: a.tpuIdleThresholdPercent,
            duration: `${a.tpuIdleMinutes * 60}s`,
          },
        },
        {
          displayName: `Every TensorCore of ${a.tpuNodeName} idle for ${a.tpuIdleMinutes} min`,
          conditionThreshold: {
            filter: metricFilter({ metric: 'hostTensorcoreIdleDuration', resourceLabels: { node_id: a.tpuNodeName } }),
            aggregations: [
              {
                alignmentPeriod: FIVE_MINUTES,
                perSeriesAligner: 'ALIGN_MIN',
                crossSeriesReducer: 'REDUCE_MIN',
                groupByFields: groupBy('hostTensorcoreIdleDuration', 'resource.labels.node_id'),
              },
            ],
            comparison: 'COMPARISON_GT',
            thresholdValue: a.tpuIdleMinutes * 60,
            duration: '0s',
          },
        },
      ],
    },
    'tpu-interrupted': {
      displayName: `[${a.environment}] TPU interrupted (preempted or maintenance) in ${a.zone}`,
      combiner: 'OR',
      severity: 'ERROR',
      documentation: markdown('tpu-interrupted'),
      alertStrategy: { autoClose: AUTO_CLOSE },
      conditions: [
        {
          displayName: 'TPU VM interruption',
          conditionThreshold: {
            filter: metricFilter({ metric: 'tpuInterruptionCount', resourceLabels: { location: a.zone } }),
            aggregations: [
              {
                alignmentPeriod: FIVE_MINUTES,
                perSeriesAligner: 'ALIGN_MAX',
                crossSeriesReducer: 'REDUCE_SUM',
                groupByFields: groupBy(
                  'tpuInterruptionCount',
                  'metric.labels.instance_name',
                  'metric.labels.interruption_type',
                  'metric.labels.interruption_reason',
                ),
              },
            ],
            comparison: 'COMPARISON_GT',
            thresholdValue: 0,
            duration: '0s',
          },
        },
      ],
    },
    'dataproc-batch-failed': {
      displayName: `[${a.environment}] Dataproc batch failed`,
      combiner: 'OR',
      severity: 'ERROR',
      documentation: markdown('dataproc-batch-failed'),
      alertStrategy: logStrategy,
      conditions: [
        {
          displayName: 'CreateBatch operation ended in an error',
          conditionMatchedLog: {
            filter: LOG_FILTERS.dataprocBatchFailed.filter,
            labelExtractors: { batch: 'EXTRACT(protoPayload.resourceName)' },
          },
        },
      ],
    },
    'vertex-pipeline-failed': {
      displayName: `[${a.environment}] Vertex AI pipeline run failed`,
      combiner: 'OR',
      severity: 'ERROR',
      documentation: markdown('vertex-pipeline-failed'),
      alertStrategy: logStrategy,
      conditions: [
        {
          displayName: 'Pipeline run in state PIPELINE_STATE_FAILED',
          conditionMatchedLog: {
            filter: LOG_FILTERS.vertexPipelineFailed.filter,
            labelExtractors: { pipeline_job_id: 'EXTRACT(resource.labels.pipeline_job_id)' },
          },
        },
      ],
    },
    'training-run-failed': {
      displayName: `[${a.environment}] Training run failed`,
      combiner: 'OR',
      severity: 'ERROR',
      documentation: markdown('training-run-failed'),
      alertStrategy: logStrategy,
      conditions: [
        {
          displayName: 'A training run step ended with an error line',
          conditionMatchedLog: {
            filter: TRAINING_LOG_FILTERS.stepFailed,
            labelExtractors: { job_id: 'EXTRACT(resource.labels.job_id)' },
          },
        },
      ],
    },
    'training-capacity-wait': {
      displayName: `[${a.environment}] Training run waited longer than allowed for TPU capacity`,
      combiner: 'OR',
      severity: 'WARNING',
      documentation: markdown('training-capacity-wait'),
      alertStrategy: logStrategy,
      conditions: [
        {
          displayName: 'A TPU request failed before it became ACTIVE',
          conditionMatchedLog: {
            filter: TRAINING_LOG_FILTERS.capacityWait,
            labelExtractors: { job_id: 'EXTRACT(resource.labels.job_id)' },
          },
        },
      ],
    },
    'janitor-deleted-active': {
      displayName: `[${a.environment}] Janitor deleted an ACTIVE TPU request`,
      combiner: 'OR',
      severity: 'WARNING',
      documentation: markdown('janitor-deleted-active'),
      alertStrategy: logStrategy,
      conditions: [
        {
          displayName: 'The janitor deleted a queued resource that was ACTIVE',
          conditionMatchedLog: {
            filter: TRAINING_LOG_FILTERS.janitorDeletedActive,
            labelExtractors: { job_id: 'EXTRACT(resource.labels.job_id)' },
          },
        },
      ],
    },
    'scheduler-launch-failed': {
      displayName: `[${a.environment}] Scheduled launch refused (Cloud Scheduler)`,
      combiner: 'OR',
      severity: 'ERROR',
      documentation: markdown('scheduler-launch-failed'),
      alertStrategy: logStrategy,
      conditions: [
        {
          displayName: 'A Cloud Scheduler attempt failed (severity ERROR), on any launcher of the project',
          conditionMatchedLog: {
            filter: SCHEDULER_LOGS.failedAttempt.filter,
            labelExtractors: { [SCHEDULER_LOGS.jobLabel]: `EXTRACT(resource.labels.${SCHEDULER_LOGS.jobLabel})` },
          },
        },
      ],
    },
    'gcs-server-errors': {
      displayName: `[${a.environment}] Cloud Storage server errors: ${a.bucketName}`,
      combiner: 'OR',
      severity: 'WARNING',
      documentation: markdown('gcs-server-errors'),
      alertStrategy: { autoClose: AUTO_CLOSE },
      conditions: [
        {
          displayName: `More than ${percent(a.gcsServerErrorRatio)}% of requests answered 5xx for 5 min`,
          conditionThreshold: {
            filter: metricFilter({ ...gcsQuery, metricLabelsOneOf: { response_code: GCS_SERVER_ERROR_CODES } }),
            aggregations: gcsAggregation,
            denominatorFilter: metricFilter(gcsQuery),
            denominatorAggregations: gcsAggregation,
            comparison: 'COMPARISON_GT',
            thresholdValue: a.gcsServerErrorRatio,
            duration: FIVE_MINUTES,
          },
        },
      ],
    },
  };
}
