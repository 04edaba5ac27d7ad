import { findMetricByType, MONITORED_RESOURCES, MONITORING_API } from '../../src/catalog';
import { Aggregation, checkAggregation, durationSeconds, metricTypeOf, resourceTypeOf } from './queries';
import { shown } from '../../src/core/validation';

/**
 * The Monitoring API's rules for an alert policy, checked before synthesis so that `cdktf deploy`
 * does not meet them as a 400 from the API:
 * - durations are whole minutes; alignment periods are at least 60 s;
 * - a cross-series reducer needs a per-series aligner, and the aligner suits the metric's kind;
 * - each metric filter pairs the metric with its own monitored-resource type;
 * - filters are at most 2,048 characters (each Terraform token counted at its largest);
 * - a log-match condition is alone in its policy, which sets a notification rate limit;
 * - every policy carries markdown documentation.
 */

/** The parts of `google_monitoring_alert_policy` this project writes (provider field names). */
export interface ThresholdCondition {
  readonly filter: string;
  readonly duration: string;
  readonly comparison: string;
  readonly thresholdValue: number;
  readonly aggregations?: Aggregation[];
  readonly denominatorFilter?: string;
  readonly denominatorAggregations?: Aggregation[];
}

export interface MatchedLogCondition {
  readonly filter: string;
  readonly labelExtractors?: Record<string, string>;
}

export interface ConditionSpec {
  readonly displayName: string;
  readonly conditionThreshold?: ThresholdCondition;
  readonly conditionMatchedLog?: MatchedLogCondition;
}

export interface AlertPolicySpec {
  readonly displayName: string;
  readonly combiner: 'OR' | 'AND' | 'AND_WITH_MATCHING_RESOURCE';
  readonly severity: 'CRITICAL' | 'ERROR' | 'WARNING';
  readonly conditions: ConditionSpec[];
  readonly documentation: { readonly content: string; readonly mimeType: string; readonly subject?: string };
  readonly alertStrategy?: {
    readonly autoClose?: string;
    readonly notificationRateLimit?: { readonly period: string };
  };
}

/**
 * The longest a Terraform token in a filter can resolve to: every token here is an input variable
 * holding a validated name (project, zone, TPU node, bucket), none longer than 63 characters.
 */
export const MAX_TOKEN_LENGTH = 63;

/** A filter's length with each unresolved token counted at MAX_TOKEN_LENGTH. */
export function worstCaseLength(filter: string): number {
  return filter.replace(/\$\{TfToken\[[^\]]*\]\}/g, 'x'.repeat(MAX_TOKEN_LENGTH)).length;
}

function checkDuration(value: string, where: string): string[] {
  const seconds = durationSeconds(value);
  if (
    seconds === undefined ||
    !Number.isInteger(seconds) ||
    seconds % MONITORING_API.durationGranularitySeconds !== 0
  ) {
    return [
      `${where}=${shown(value)}: not a whole number of minutes; allowed: a multiple of ${MONITORING_API.durationGranularitySeconds}s (0s, 60s, 120s, ...)`,
    ];
  }
  return [];
}

function checkFilterLength(filter: string, where: string): string[] {
  const length = worstCaseLength(filter);
  return length > MONITORING_API.maxFilterLength
    ? [`${where}: ${length} characters; allowed: at most ${MONITORING_API.maxFilterLength}`]
    : [];
}

function checkMetricFilter(filter: string, aggregations: readonly Aggregation[], where: string): string[] {
  const problems = checkFilterLength(filter, `${where} filter`);
  const type = metricTypeOf(filter);
  const metric = type ? findMetricByType(type) : undefined;
  if (!metric)
    return [
      ...problems,
      `${where} filter: metric.type=${shown(type ?? '')} is not in the catalog; allowed: a metric from src/catalog/monitoring.ts`,
    ];
  const expected = MONITORED_RESOURCES[metric.resource].type;
  const resource = resourceTypeOf(filter);
  if (resource !== expected) {
    problems.push(
      `${where} filter: resource.type=${shown(resource ?? '')} for ${metric.type}; allowed: resource.type=${shown(expected)} (the only resource that metric is written against)`,
    );
  }
  aggregations.forEach((agg, i) => problems.push(...checkAggregation(metric, agg, `${where}.aggregations[${i}]`)));
  return problems;
}

/** Every rule the policy breaks, one line each, prefixed with `name`. */
export function checkAlertPolicy(name: string, policy: AlertPolicySpec): string[] {
  const problems: string[] = [];
  const at = `alert policy "${name}"`;
  if (policy.conditions.length === 0) problems.push(`${at} conditions=[]: no condition; allowed: at least one`);
  const logConditions = policy.conditions.filter((c) => c.conditionMatchedLog);
  if (logConditions.length > 0 && policy.conditions.length > 1) {
    problems.push(
      `${at} conditions: a log-match condition with ${policy.conditions.length - 1} other condition(s); allowed: a log-match condition alone in its policy`,
    );
  }
  if (logConditions.length > 0) {
    const period = policy.alertStrategy?.notificationRateLimit?.period;
    const seconds = period === undefined ? undefined : durationSeconds(period);
    if (seconds === undefined || seconds < MONITORING_API.logMatchMinRateLimitSeconds) {
      problems.push(
        `${at} alertStrategy.notificationRateLimit.period=${shown(period ?? '')}: missing or too short for a log-match condition; allowed: at least ${MONITORING_API.logMatchMinRateLimitSeconds}s`,
      );
    }
  }
  const autoClose = policy.alertStrategy?.autoClose;
  if (autoClose !== undefined && (durationSeconds(autoClose) ?? 0) < MONITORING_API.minAutoCloseSeconds) {
    problems.push(
      `${at} alertStrategy.autoClose=${shown(autoClose)}: too short; allowed: at least ${MONITORING_API.minAutoCloseSeconds}s`,
    );
  }
  policy.conditions.forEach((condition, i) => {
    const where = `${at} conditions[${i}]`;
    const kinds = [condition.conditionThreshold, condition.conditionMatchedLog].filter((c) => c !== undefined).length;
    if (kinds !== 1) problems.push(`${where}: ${kinds} condition types; allowed: exactly one`);
    const threshold = condition.conditionThreshold;
    if (threshold) {
      problems.push(...checkDuration(threshold.duration, `${where}.duration`));
      problems.push(...checkMetricFilter(threshold.filter, threshold.aggregations ?? [], where));
      if (threshold.denominatorFilter !== undefined) {
        problems.push(
          ...checkMetricFilter(
            threshold.denominatorFilter,
            threshold.denominatorAggregations ?? [],
            `${where} denominator`,
          ),
        );
      }
    }
    if (condition.conditionMatchedLog)
      problems.push(...checkFilterLength(condition.conditionMatchedLog.filter, `${where} log filter`));
  });
  if (policy.documentation.content.trim() === '' || policy.documentation.mimeType !== 'text/markdown') {
    problems.push(
      `${at} documentation: missing; allowed: markdown (text/markdown) telling the person on call what to do`,
    );
  }
  return problems;
}
