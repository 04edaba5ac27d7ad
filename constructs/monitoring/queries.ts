import { ALIGNER_KINDS, METRICS, MetricFact, MetricName, MONITORED_RESOURCES, MONITORING_API } from '../../src/catalog';
import { shown } from '../../src/core/validation';

/**
 * Metric queries built from the catalog, so that every filter pairs a metric with the one
 * monitored-resource type it is written against, and names only labels that exist.
 */

/** The API's Aggregation, as both dashboards (JSON) and alert conditions (provider config) spell it. */
export interface Aggregation {
  readonly alignmentPeriod: string;
  readonly perSeriesAligner?: string;
  readonly crossSeriesReducer?: string;
  readonly groupByFields?: string[];
}

export interface MetricQuery {
  readonly metric: MetricName;
  /** `resource.labels.<name>="<value>"` clauses; values may be tokens. */
  readonly resourceLabels?: Readonly<Record<string, string>>;
  /** `metric.labels.<name>=one_of(...)` clauses. */
  readonly metricLabelsOneOf?: Readonly<Record<string, readonly string[]>>;
}

function quote(value: string): string {
  return `"${value}"`;
}

/** Throws if a label is not one the catalog lists for the metric or its resource. */
function assertLabel(fact: MetricFact, scope: 'resource' | 'metric', label: string): void {
  const known: readonly string[] = scope === 'resource' ? MONITORED_RESOURCES[fact.resource].labels : fact.labels;
  if (!known.includes(label)) {
    throw new Error(
      `${fact.type}: ${scope}.labels.${label} does not exist on ${MONITORED_RESOURCES[fact.resource].type}; known: ${known.join(', ') || 'none'}`,
    );
  }
}

/** `metric.type="..." AND resource.type="..." AND ...`: the metric with its own resource type. */
export function metricFilter(query: MetricQuery): string {
  const fact = METRICS[query.metric];
  const clauses = [
    `metric.type=${quote(fact.type)}`,
    `resource.type=${quote(MONITORED_RESOURCES[fact.resource].type)}`,
  ];
  for (const [label, value] of Object.entries(query.resourceLabels ?? {})) {
    assertLabel(fact, 'resource', label);
    clauses.push(`resource.labels.${label}=${quote(value)}`);
  }
  for (const [label, values] of Object.entries(query.metricLabelsOneOf ?? {})) {
    assertLabel(fact, 'metric', label);
    clauses.push(`metric.labels.${label}=one_of(${values.map(quote).join(', ')})`);
  }
  return clauses.join(' AND ');
}

/** `resource.labels.<name>` or `metric.labels.<name>`, checked against the catalog. */
export function groupBy(metric: MetricName, ...fields: string[]): string[] {
  const fact = METRICS[metric];
  return fields.map((field) => {
    const [scope, labels, name] = field.split('.');
    if (labels !== 'labels' || (scope !== 'resource' && scope !== 'metric'))
      throw new Error(`group-by field "${field}": expected resource.labels.X or metric.labels.X`);
    assertLabel(fact, scope, name);
    return field;
  });
}

/** Seconds in a `<n>s` duration, or undefined when it is not one. */
export function durationSeconds(value: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)s$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * Problems with one aggregation of `metric`: alignment period at least a minute, an aligner the
 * metric's kind accepts, and an aligner whenever a cross-series reducer is set.
 */
export function checkAggregation(metric: MetricFact, agg: Aggregation, where: string): string[] {
  const problems: string[] = [];
  const seconds = durationSeconds(agg.alignmentPeriod);
  if (seconds === undefined || seconds < MONITORING_API.minAlignmentPeriodSeconds) {
    problems.push(
      `${where}.alignmentPeriod=${shown(agg.alignmentPeriod)}: too short or malformed; allowed: at least ${MONITORING_API.minAlignmentPeriodSeconds}s, written as <seconds>s`,
    );
  }
  const aligner = agg.perSeriesAligner ?? 'ALIGN_NONE';
  const kinds = ALIGNER_KINDS[aligner];
  if (!kinds) {
    problems.push(
      `${where}.perSeriesAligner=${shown(aligner)}: unknown aligner; allowed: ${Object.keys(ALIGNER_KINDS).join(', ')}`,
    );
  } else if (!kinds.includes(metric.kind)) {
    problems.push(
      `${where}.perSeriesAligner=${shown(aligner)}: not valid for ${metric.kind} metric ${metric.type}; allowed: ${Object.keys(
        ALIGNER_KINDS,
      )
        .filter((a) => a !== 'ALIGN_NONE' && ALIGNER_KINDS[a].includes(metric.kind))
        .join(', ')}`,
    );
  }
  const reducer = agg.crossSeriesReducer ?? 'REDUCE_NONE';
  if (reducer !== 'REDUCE_NONE' && aligner === 'ALIGN_NONE') {
    problems.push(
      `${where}.crossSeriesReducer=${shown(reducer)}: a cross-series reducer needs a per-series aligner; allowed: set perSeriesAligner (e.g. ALIGN_MEAN)`,
    );
  }
  if ((agg.groupByFields?.length ?? 0) > 0 && reducer === 'REDUCE_NONE') {
    problems.push(`${where}.groupByFields: ignored without a cross-series reducer; allowed: set crossSeriesReducer`);
  }
  return problems;
}

/** The metric a filter names, from `metric.type="..."`. */
export function metricTypeOf(filter: string): string | undefined {
  return /metric\.type="([^"]+)"/.exec(filter)?.[1];
}

/** The resource type a filter names, from `resource.type="..."`. */
export function resourceTypeOf(filter: string): string | undefined {
  return /resource\.type="([^"]+)"/.exec(filter)?.[1];
}
