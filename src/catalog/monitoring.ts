import { Source, source } from './source';

/**
 * Cloud Monitoring facts: which monitored-resource type each metric is written against, its kind,
 * unit and labels. A chart or an alert that filters a metric on the wrong resource type returns no
 * data and nobody notices, so constructs take both from here, never from literals of their own.
 */

const METRICS_TPU = source(
  'https://cloud.google.com/tpu/docs/monitor-tpu; https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-tpu',
);
const RESOURCES = source('https://cloud.google.com/monitoring/api/resources');
const METRICS_DATAPROC = source('https://cloud.google.com/monitoring/api/metrics_gcp_d_i#gcp-dataproc');
const METRICS_STORAGE = source('https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-storage');
const METRICS_VERTEX = source('https://cloud.google.com/monitoring/api/metrics_gcp_a_b#gcp-aiplatform');

export interface MonitoredResourceFact {
  /** `resource.type` in filters. */
  readonly type: string;
  /** The resource labels it carries (`resource.labels.<name>`). */
  readonly labels: readonly string[];
  readonly source: Source;
}

export const MONITORED_RESOURCES = {
  /**
   * A TPU VM worker as the TPU runtime sees it: accelerator metrics. Its labels carry no TPU node
   * name, so charts on it are scoped by `location` (the zone) and split by `worker_id`.
   */
  tpuAccelerator: {
    type: 'tpu.googleapis.com/GceTpuWorker',
    labels: ['resource_container', 'location', 'worker_id'],
    source: RESOURCES,
  },
  /** A TPU VM worker's host: CPU, memory, network, TensorCore idle time. `node_id` is the TPU node name. */
  tpuHost: { type: 'tpu_worker', labels: ['project_id', 'zone', 'node_id', 'worker_id'], source: RESOURCES },
  /** One Dataproc Serverless batch. */
  dataprocBatch: { type: 'cloud_dataproc_batch', labels: ['project_id', 'location', 'batch_id'], source: RESOURCES },
  /** One Cloud Storage bucket. */
  gcsBucket: { type: 'gcs_bucket', labels: ['project_id', 'bucket_name', 'location'], source: RESOURCES },
  /** One Vertex AI pipeline run. */
  vertexPipelineJob: {
    type: 'aiplatform.googleapis.com/PipelineJob',
    labels: ['resource_container', 'location', 'pipeline_job_id'],
    source: RESOURCES,
  },
} as const satisfies Record<string, MonitoredResourceFact>;

export type MonitoredResourceName = keyof typeof MONITORED_RESOURCES;

export type MetricKind = 'GAUGE' | 'DELTA' | 'CUMULATIVE';

export interface MetricFact {
  /** `metric.type` in filters. */
  readonly type: string;
  /** The only monitored resource the metric is written against. */
  readonly resource: MonitoredResourceName;
  readonly kind: MetricKind;
  readonly valueType: 'INT64' | 'DOUBLE';
  readonly unit: string;
  /** Metric labels (`metric.labels.<name>`). */
  readonly labels: readonly string[];
  readonly launchStage: 'GA' | 'BETA';
  readonly source: Source;
}

function metric(
  type: string,
  resource: MonitoredResourceName,
  kind: MetricKind,
  valueType: MetricFact['valueType'],
  unit: string,
  labels: readonly string[],
  src: Source,
  launchStage: MetricFact['launchStage'] = 'GA',
): MetricFact {
  return { type, resource, kind, valueType, unit, labels, launchStage, source: src };
}

export const METRICS = {
  // TPU accelerator (runtime) metrics: on GceTpuWorker, never on tpu_worker.
  tpuDutyCycle: metric(
    'tpu.googleapis.com/accelerator/duty_cycle',
    'tpuAccelerator',
    'GAUGE',
    'DOUBLE',
    '%',
    ['accelerator_id'],
    METRICS_TPU,
  ),
  tpuTensorcoreUtilization: metric(
    'tpu.googleapis.com/accelerator/tensorcore_utilization',
    'tpuAccelerator',
    'GAUGE',
    'DOUBLE',
    '%',
    ['accelerator_id'],
    METRICS_TPU,
  ),
  tpuMemoryBandwidthUtilization: metric(
    'tpu.googleapis.com/accelerator/memory_bandwidth_utilization',
    'tpuAccelerator',
    'GAUGE',
    'DOUBLE',
    '%',
    ['accelerator_id'],
    METRICS_TPU,
  ),
  tpuMemoryUsed: metric(
    'tpu.googleapis.com/accelerator/memory_used',
    'tpuAccelerator',
    'GAUGE',
    'INT64',
    'By',
    ['accelerator_id'],
    METRICS_TPU,
  ),
  tpuMemoryTotal: metric(
    'tpu.googleapis.com/accelerator/memory_total',
    'tpuAccelerator',
    'GAUGE',
    'INT64',
    'By',
    ['accelerator_id'],
    METRICS_TPU,
  ),
  tpuUptimeTotal: metric(
    'tpu.googleapis.com/instance/uptime_total',
    'tpuAccelerator',
    'GAUGE',
    'INT64',
    's',
    [],
    METRICS_TPU,
  ),
  /** A point's value is the number of interruptions (spot preemption, maintenance, ...) at that time. */
  tpuInterruptionCount: metric(
    'tpu.googleapis.com/instance/interruption_count',
    'tpuAccelerator',
    'GAUGE',
    'INT64',
    '1',
    ['instance_name', 'interruption_type', 'interruption_reason'],
    METRICS_TPU,
    'BETA',
  ),
  // TPU VM host metrics: on tpu_worker.
  hostCpuUtilization: metric(
    'tpu.googleapis.com/cpu/utilization',
    'tpuHost',
    'GAUGE',
    'DOUBLE',
    '%',
    ['core'],
    METRICS_TPU,
  ),
  hostMemoryUsage: metric('tpu.googleapis.com/memory/usage', 'tpuHost', 'GAUGE', 'INT64', 'By', [], METRICS_TPU),
  hostNetworkReceived: metric(
    'tpu.googleapis.com/network/received_bytes_count',
    'tpuHost',
    'DELTA',
    'INT64',
    'By',
    [],
    METRICS_TPU,
  ),
  hostNetworkSent: metric(
    'tpu.googleapis.com/network/sent_bytes_count',
    'tpuHost',
    'DELTA',
    'INT64',
    'By',
    [],
    METRICS_TPU,
  ),
  /** Seconds each chip's TensorCore has been idle; reset to zero while it is in use. */
  hostTensorcoreIdleDuration: metric(
    'tpu.googleapis.com/tpu/tensorcore/idle_duration',
    'tpuHost',
    'GAUGE',
    'INT64',
    's',
    ['chip'],
    METRICS_TPU,
  ),
  // Dataproc Serverless: there is no batch-state metric; failures are alerted on from logs.
  dataprocBatchExecutors: metric(
    'dataproc.googleapis.com/batch/spark/executors',
    'dataprocBatch',
    'GAUGE',
    'INT64',
    '1',
    ['status'],
    METRICS_DATAPROC,
  ),
  // Cloud Storage.
  gcsRequestCount: metric(
    'storage.googleapis.com/api/request_count',
    'gcsBucket',
    'DELTA',
    'INT64',
    '1',
    ['response_code', 'method'],
    METRICS_STORAGE,
  ),
  gcsSentBytes: metric(
    'storage.googleapis.com/network/sent_bytes_count',
    'gcsBucket',
    'DELTA',
    'INT64',
    'By',
    ['response_code', 'method'],
    METRICS_STORAGE,
  ),
  gcsReceivedBytes: metric(
    'storage.googleapis.com/network/received_bytes_count',
    'gcsBucket',
    'DELTA',
    'INT64',
    'By',
    ['response_code', 'method'],
    METRICS_STORAGE,
  ),
  // Vertex AI Pipelines.
  vertexPipelineDuration: metric(
    'aiplatform.googleapis.com/pipelinejob/duration',
    'vertexPipelineJob',
    'GAUGE',
    'INT64',
    's',
    [],
    METRICS_VERTEX,
    'BETA',
  ),
} as const satisfies Record<string, MetricFact>;

export type MetricName = keyof typeof METRICS;

export function findMetricByType(type: string): MetricFact | undefined {
  return Object.values(METRICS).find((m) => m.type === type);
}

/** Per-series aligners and the metric kinds they accept (numeric values). */
export const ALIGNER_KINDS: Readonly<Record<string, readonly MetricKind[]>> = {
  ALIGN_NONE: ['GAUGE', 'DELTA', 'CUMULATIVE'],
  ALIGN_DELTA: ['DELTA', 'CUMULATIVE'],
  ALIGN_RATE: ['DELTA', 'CUMULATIVE'],
  ALIGN_INTERPOLATE: ['GAUGE'],
  ALIGN_NEXT_OLDER: ['GAUGE'],
  ALIGN_MIN: ['GAUGE', 'DELTA'],
  ALIGN_MAX: ['GAUGE', 'DELTA'],
  ALIGN_MEAN: ['GAUGE', 'DELTA'],
  ALIGN_COUNT: ['GAUGE', 'DELTA'],
  ALIGN_SUM: ['GAUGE', 'DELTA'],
  ALIGN_STDDEV: ['GAUGE', 'DELTA'],
};
export const ALIGNER_SOURCE = source(
  'https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.alertPolicies#aligner',
);

/**
 * Cloud Storage `response_code` values that are server errors (HTTP 5xx). The metric reports
 * canonical code names, not HTTP numbers.
 */
export const GCS_SERVER_ERROR_CODES: readonly string[] = [
  'INTERNAL',
  'UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'UNKNOWN',
  'DATA_LOSS',
];
export const GCS_RESPONSE_CODES_SOURCE = source(
  'https://cloud.google.com/storage/docs/json_api/v1/status-codes; https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-storage',
);
