import { Fn, Token } from 'cdktf';
import { METRICS, MONITORED_RESOURCES, MONITORING_API } from '../../src/catalog';
import { omitProtoDefaults } from './proto-defaults';
import { Aggregation, checkAggregation, groupBy, metricFilter, MetricQuery } from './queries';
import { TRAINING_LOG_FILTERS } from './training-logs';

/**
 * The environment's dashboard as the Monitoring API's Dashboard JSON (`mosaicLayout`), laid out in
 * rows of tiles. Every chart's filter comes from the catalog (metric with its own resource type).
 */

export interface DashboardInputs {
  readonly environment: string;
  readonly zone: string;
  readonly tpuNodeName: string;
  readonly bucketName: string;
  readonly idleThresholdPercent: number;
  /** `alertPolicies/<id>` of the environment's policies (incidentPolicyName), for the incidents tile. */
  readonly alertPolicyNames: readonly string[];
}

/**
 * What an incident list takes for an alert policy: `alertPolicies/<id>`, from the policy's
 * `projects/<p>/alertPolicies/<id>` name (a literal or a Terraform reference).
 */
export function incidentPolicyName(policyName: string): string {
  // basename: the last path segment, with no string literal that would need quoting inside the JSON.
  const id = Token.isUnresolved(policyName) ? Fn.basename(policyName) : policyName.split('/').pop();
  return `${MONITORING_API.incidentListPolicyPrefix}${id}`;
}

export interface DataSet {
  readonly query: MetricQuery;
  readonly aggregation: Aggregation;
}

/** One tile: its width in grid columns, a short label for the README picture, its widget. */
export interface TileSpec {
  readonly label: string;
  readonly width: number;
  readonly widget: Record<string, unknown>;
  /** The chart's metrics, for the README picture and the tests. */
  readonly dataSets: readonly DataSet[];
  /** What a tile without metrics shows, for the README picture. */
  readonly detail?: string;
}

export interface RowSpec {
  readonly height: number;
  readonly tiles: readonly TileSpec[];
}

const MINUTE = '60s';
const COLUMNS = MONITORING_API.mosaicMaxColumns;

function chart(
  title: string,
  label: string,
  width: number,
  yAxis: string,
  dataSets: DataSet[],
  extra: Record<string, unknown> = {},
): TileSpec {
  for (const ds of dataSets) {
    const problems = checkAggregation(METRICS[ds.query.metric], ds.aggregation, `dashboard chart "${title}"`);
    if (problems.length) throw new Error(problems.join('\n'));
  }
  return {
    label,
    width,
    dataSets,
    widget: {
      title,
      xyChart: {
        dataSets: dataSets.map((ds) => ({
          timeSeriesQuery: { timeSeriesFilter: { filter: metricFilter(ds.query), aggregation: ds.aggregation } },
          plotType: 'LINE',
          targetAxis: 'Y1',
          minAlignmentPeriod: MINUTE,
        })),
        yAxis: { label: yAxis, scale: 'LINEAR' },
        chartOptions: { mode: 'COLOR' },
        ...extra,
      },
    },
  };
}

function mean(metric: DataSet['query']['metric'], ...by: string[]): Aggregation {
  return {
    alignmentPeriod: MINUTE,
    perSeriesAligner: 'ALIGN_MEAN',
    crossSeriesReducer: 'REDUCE_MEAN',
    groupByFields: groupBy(metric, ...by),
  };
}

function sum(metric: DataSet['query']['metric'], aligner: 'ALIGN_MEAN' | 'ALIGN_RATE', ...by: string[]): Aggregation {
  return {
    alignmentPeriod: MINUTE,
    perSeriesAligner: aligner,
    crossSeriesReducer: 'REDUCE_SUM',
    groupByFields: groupBy(metric, ...by),
  };
}

/** The rows of the dashboard, top to bottom. */
export function dashboardRows(d: DashboardInputs): RowSpec[] {
  const accel = { location: d.zone };
  const host = { node_id: d.tpuNodeName };
  const bucket = { bucket_name: d.bucketName };
  const worker = 'resource.labels.worker_id';
  return [
    {
      height: 4,
      tiles: [
        {
          label: 'About: environment, TPU node, zone, bucket',
          width: COLUMNS,
          dataSets: [],
          detail: '(markdown text)',
          widget: {
            title: `TPU v6e training: ${d.environment}`,
            text: {
              format: 'MARKDOWN',
              content: `TPU node **${d.tpuNodeName}** in **${d.zone}**, data bucket **gs://${d.bucketName}**. Accelerator charts cover every TPU VM in ${d.zone} (that resource has no node-name label); host charts cover ${d.tpuNodeName} only. Alerts and what to do: docs/monitoring.md, "Dashboard and alerts".`,
            },
          },
        },
      ],
    },
    {
      height: 16,
      tiles: [
        chart(
          'TPU duty cycle (%)',
          'TPU duty cycle',
          12,
          'percent',
          [{ query: { metric: 'tpuDutyCycle', resourceLabels: accel }, aggregation: mean('tpuDutyCycle', worker) }],
          {
            thresholds: [
              { label: 'idle', value: d.idleThresholdPercent, color: 'YELLOW', direction: 'BELOW', targetAxis: 'Y1' },
            ],
          },
        ),
        chart('TensorCore utilization (%)', 'TensorCore util.', 12, 'percent', [
          {
            query: { metric: 'tpuTensorcoreUtilization', resourceLabels: accel },
            aggregation: mean('tpuTensorcoreUtilization', worker),
          },
        ]),
        chart('HBM used vs total (bytes)', 'HBM used/total', 12, 'bytes', [
          {
            query: { metric: 'tpuMemoryUsed', resourceLabels: accel },
            aggregation: sum('tpuMemoryUsed', 'ALIGN_MEAN', worker),
          },
          {
            query: { metric: 'tpuMemoryTotal', resourceLabels: accel },
            aggregation: sum('tpuMemoryTotal', 'ALIGN_MEAN', worker),
          },
        ]),
        chart('HBM bandwidth utilization (%)', 'HBM bandwidth', 12, 'percent', [
          {
            query: { metric: 'tpuMemoryBandwidthUtilization', resourceLabels: accel },
            aggregation: mean('tpuMemoryBandwidthUtilization', worker),
          },
        ]),
      ],
    },
    {
      height: 16,
      tiles: [
        chart(`Host CPU: ${d.tpuNodeName} (%)`, 'Host CPU', 16, 'percent', [
          {
            query: { metric: 'hostCpuUtilization', resourceLabels: host },
            aggregation: mean('hostCpuUtilization', worker),
          },
        ]),
        chart(`Host network: ${d.tpuNodeName} (bytes/s)`, 'Host network rx/tx', 16, 'bytes/s', [
          {
            query: { metric: 'hostNetworkReceived', resourceLabels: host },
            aggregation: sum('hostNetworkReceived', 'ALIGN_RATE', worker),
          },
          {
            query: { metric: 'hostNetworkSent', resourceLabels: host },
            aggregation: sum('hostNetworkSent', 'ALIGN_RATE', worker),
          },
        ]),
        chart(`TensorCore idle time: ${d.tpuNodeName} (s)`, 'TensorCore idle time', 16, 'seconds', [
          {
            query: { metric: 'hostTensorcoreIdleDuration', resourceLabels: host },
            aggregation: {
              alignmentPeriod: MINUTE,
              perSeriesAligner: 'ALIGN_MIN',
              crossSeriesReducer: 'REDUCE_MIN',
              groupByFields: groupBy('hostTensorcoreIdleDuration', worker),
            },
          },
        ]),
      ],
    },
    {
      height: 16,
      tiles: [
        chart('Dataproc batch executors', 'Dataproc executors', 12, 'executors', [
          {
            query: { metric: 'dataprocBatchExecutors' },
            aggregation: sum(
              'dataprocBatchExecutors',
              'ALIGN_MEAN',
              'resource.labels.batch_id',
              'metric.labels.status',
            ),
          },
        ]),
        chart(`Cloud Storage requests: ${d.bucketName} (req/s)`, 'GCS request rate', 12, 'requests/s', [
          {
            query: { metric: 'gcsRequestCount', resourceLabels: bucket },
            aggregation: sum('gcsRequestCount', 'ALIGN_RATE', 'metric.labels.method'),
          },
        ]),
        chart(`Cloud Storage throughput: ${d.bucketName} (bytes/s)`, 'GCS throughput', 12, 'bytes/s', [
          {
            query: { metric: 'gcsSentBytes', resourceLabels: bucket },
            aggregation: sum('gcsSentBytes', 'ALIGN_RATE', 'resource.labels.bucket_name'),
          },
          {
            query: { metric: 'gcsReceivedBytes', resourceLabels: bucket },
            aggregation: sum('gcsReceivedBytes', 'ALIGN_RATE', 'resource.labels.bucket_name'),
          },
        ]),
        chart('Vertex AI pipeline run duration (s)', 'Vertex run duration', 12, 'seconds', [
          {
            query: { metric: 'vertexPipelineDuration' },
            aggregation: { alignmentPeriod: MINUTE, perSeriesAligner: 'ALIGN_MAX' },
          },
        ]),
      ],
    },
    {
      height: 12,
      tiles: [
        {
          label: 'Training runs: request states, preemptions, outcomes',
          width: COLUMNS,
          dataSets: [],
          detail: '(log lines of the train step)',
          widget: { title: 'Training runs', logsPanel: { filter: TRAINING_LOG_FILTERS.runProgress } },
        },
      ],
    },
    {
      height: 8,
      tiles: [
        {
          label: 'Open incidents of this environment',
          width: COLUMNS,
          dataSets: [],
          detail: '(incident list of every alert policy)',
          widget: { title: 'Open incidents', incidentList: { policyNames: [...d.alertPolicyNames] } },
        },
      ],
    },
  ];
}

/** Tiles placed on the grid, row after row. Throws if a row is wider than the grid. */
export function placeTiles(rows: readonly RowSpec[]): Record<string, unknown>[] {
  const tiles: Record<string, unknown>[] = [];
  let y = 0;
  for (const row of rows) {
    let x = 0;
    for (const tile of row.tiles) {
      tiles.push({ xPos: x, yPos: y, width: tile.width, height: row.height, widget: tile.widget });
      x += tile.width;
    }
    if (x > COLUMNS) throw new Error(`dashboard row at y=${y} is ${x} columns wide; allowed: at most ${COLUMNS}`);
    y += row.height;
  }
  return tiles;
}

/**
 * The Dashboard JSON object (google.monitoring.dashboard.v1.Dashboard), without any field that holds
 * a proto3 default (a tile at `xPos` 0 has no `xPos`): the API leaves those out when it is read back,
 * and the provider would show the difference on every plan (see ./proto-defaults.ts).
 */
export function dashboardJson(displayName: string, rows: readonly RowSpec[]): Record<string, unknown> {
  return omitProtoDefaults({ displayName, mosaicLayout: { columns: COLUMNS, tiles: placeTiles(rows) } });
}

/**
 * An ASCII picture of the layout (two characters per grid column, one box per tile with its label
 * and the monitored resource it charts), for the README.
 */
export function renderLayout(rows: readonly RowSpec[]): string {
  const out: string[] = [];
  const border = (row: RowSpec) => '+' + row.tiles.map((t) => '-'.repeat(t.width * 2 - 1)).join('+') + '+';
  const cell = (text: string, width: number) => ` ${text}`.slice(0, width * 2 - 1).padEnd(width * 2 - 1);
  for (const row of rows) {
    out.push(border(row));
    out.push('|' + row.tiles.map((t) => cell(t.label, t.width)).join('|') + '|');
    const resources = (t: TileSpec) =>
      [
        ...new Set(
          t.dataSets.map((ds) => MONITORED_RESOURCES[METRICS[ds.query.metric].resource].type.split('/').pop()),
        ),
      ].join(', ');
    out.push(
      '|' + row.tiles.map((t) => cell(t.dataSets.length ? resources(t) : (t.detail ?? ''), t.width)).join('|') + '|',
    );
  }
  out.push(border(rows[rows.length - 1]));
  return out.join('\n');
}
