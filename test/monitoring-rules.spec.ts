import { Token } from 'cdktf';
import { MONITORING_API } from '../src/catalog';
import { AlertPolicySpec, checkAlertPolicy, ConditionSpec, worstCaseLength } from '../constructs/monitoring';
import { groupBy, metricFilter } from '../constructs/monitoring';

const dutyCycle = metricFilter({ metric: 'tpuDutyCycle', resourceLabels: { location: 'us-central1-b' } });

function threshold(change: Partial<NonNullable<ConditionSpec['conditionThreshold']>> = {}): ConditionSpec {
  return {
    displayName: 'c',
    conditionThreshold: {
      filter: dutyCycle,
      duration: '600s',
      comparison: 'COMPARISON_LT',
      thresholdValue: 5,
      aggregations: [
        {
          alignmentPeriod: '300s',
          perSeriesAligner: 'ALIGN_MEAN',
          crossSeriesReducer: 'REDUCE_MEAN',
          groupByFields: ['resource.labels.worker_id'],
        },
      ],
      ...change,
    },
  };
}

const log: ConditionSpec = { displayName: 'l', conditionMatchedLog: { filter: 'severity>=ERROR' } };

function policy(change: Partial<AlertPolicySpec> = {}): AlertPolicySpec {
  return {
    displayName: 'p',
    combiner: 'OR',
    severity: 'WARNING',
    conditions: [threshold()],
    documentation: { content: '## What to do', mimeType: 'text/markdown' },
    ...change,
  };
}

describe('checkAlertPolicy', () => {
  it('passes a policy that keeps every rule', () => {
    expect(checkAlertPolicy('ok', policy())).toEqual([]);
    expect(
      checkAlertPolicy(
        'log',
        policy({ conditions: [log], alertStrategy: { notificationRateLimit: { period: '300s' }, autoClose: '1800s' } }),
      ),
    ).toEqual([]);
  });

  it.each<[string, AlertPolicySpec, string]>([
    [
      'duration not whole minutes',
      policy({ conditions: [threshold({ duration: '90s' })] }),
      'alert policy "x" conditions[0].duration="90s": not a whole number of minutes; allowed: a multiple of 60s (0s, 60s, 120s, ...)',
    ],
    [
      'duration not seconds',
      policy({ conditions: [threshold({ duration: '5m' })] }),
      'alert policy "x" conditions[0].duration="5m": not a whole number of minutes',
    ],
    [
      'alignment under a minute',
      policy({
        conditions: [threshold({ aggregations: [{ alignmentPeriod: '30s', perSeriesAligner: 'ALIGN_MEAN' }] })],
      }),
      'conditions[0].aggregations[0].alignmentPeriod="30s": too short or malformed; allowed: at least 60s',
    ],
    [
      'reducer without aligner',
      policy({
        conditions: [threshold({ aggregations: [{ alignmentPeriod: '60s', crossSeriesReducer: 'REDUCE_SUM' }] })],
      }),
      'conditions[0].aggregations[0].crossSeriesReducer="REDUCE_SUM": a cross-series reducer needs a per-series aligner',
    ],
    [
      'aligner wrong for the kind',
      policy({
        conditions: [threshold({ aggregations: [{ alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_RATE' }] })],
      }),
      'perSeriesAligner="ALIGN_RATE": not valid for GAUGE metric tpu.googleapis.com/accelerator/duty_cycle; allowed: ALIGN_INTERPOLATE',
    ],
    [
      'group-by without reducer',
      policy({
        conditions: [
          threshold({
            aggregations: [
              { alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_MEAN', groupByFields: ['resource.labels.worker_id'] },
            ],
          }),
        ],
      }),
      'groupByFields: ignored without a cross-series reducer',
    ],
    [
      'metric on the wrong resource',
      policy({
        conditions: [
          threshold({
            filter: 'metric.type="tpu.googleapis.com/accelerator/duty_cycle" AND resource.type="tpu_worker"',
          }),
        ],
      }),
      'conditions[0] filter: resource.type="tpu_worker" for tpu.googleapis.com/accelerator/duty_cycle; allowed: resource.type="tpu.googleapis.com/GceTpuWorker"',
    ],
    [
      'metric outside the catalog',
      policy({ conditions: [threshold({ filter: 'metric.type="x.googleapis.com/y" AND resource.type="z"' })] }),
      'conditions[0] filter: metric.type="x.googleapis.com/y" is not in the catalog',
    ],
    [
      'filter too long',
      policy({
        conditions: [threshold({ filter: `${dutyCycle}${' AND metric.labels.accelerator_id!="x"'.repeat(60)}` })],
      }),
      'characters; allowed: at most 2048',
    ],
    [
      'denominator on the wrong resource',
      policy({
        conditions: [
          threshold({
            denominatorFilter:
              'metric.type="storage.googleapis.com/api/request_count" AND resource.type="gce_instance"',
          }),
        ],
      }),
      'conditions[0] denominator filter: resource.type="gce_instance"',
    ],
    [
      'log match with another condition',
      policy({ conditions: [log, threshold()], alertStrategy: { notificationRateLimit: { period: '300s' } } }),
      'conditions: a log-match condition with 1 other condition(s); allowed: a log-match condition alone in its policy',
    ],
    [
      'log match without rate limit',
      policy({ conditions: [log] }),
      'alertStrategy.notificationRateLimit.period="": missing or too short for a log-match condition; allowed: at least 300s',
    ],
    [
      'log match rate limit too short',
      policy({ conditions: [log], alertStrategy: { notificationRateLimit: { period: '60s' } } }),
      'notificationRateLimit.period="60s": missing or too short',
    ],
    [
      'auto-close too short',
      policy({ alertStrategy: { autoClose: '600s' } }),
      'alertStrategy.autoClose="600s": too short; allowed: at least 1800s',
    ],
    [
      'no documentation',
      policy({ documentation: { content: ' ', mimeType: 'text/markdown' } }),
      'documentation: missing; allowed: markdown (text/markdown) telling the person on call what to do',
    ],
    ['no condition', policy({ conditions: [] }), 'conditions=[]: no condition; allowed: at least one'],
  ])('%s', (_name, spec, expected) => {
    const problems = checkAlertPolicy('x', spec);
    expect(problems.some((p) => p.includes(expected))).toBe(true);
    for (const p of problems) expect(p).toMatch(/^alert policy "x" .*: .*/);
  });

  it('counts each Terraform token at its longest when measuring a filter', () => {
    const token = Token.asString({ ref: 'var.zone' } as never);
    expect(worstCaseLength(`a${token}b`)).toBe(65);
    const almost = 'x'.repeat(MONITORING_API.maxFilterLength - 63);
    expect(
      checkAlertPolicy(
        't',
        policy({
          conditions: [{ displayName: 'l', conditionMatchedLog: { filter: almost + token } }],
          alertStrategy: { notificationRateLimit: { period: '300s' } },
        }),
      ),
    ).toEqual([]);
    expect(
      checkAlertPolicy(
        't',
        policy({
          conditions: [{ displayName: 'l', conditionMatchedLog: { filter: `${almost}!${token}` } }],
          alertStrategy: { notificationRateLimit: { period: '300s' } },
        }),
      ),
    ).toEqual([
      `alert policy "t" conditions[0] log filter: ${MONITORING_API.maxFilterLength + 1} characters; allowed: at most ${MONITORING_API.maxFilterLength}`,
    ]);
  });
});

describe('metric queries from the catalog', () => {
  it('pair the metric with its own resource type', () => {
    expect(metricFilter({ metric: 'hostNetworkSent', resourceLabels: { node_id: 'n' } })).toBe(
      'metric.type="tpu.googleapis.com/network/sent_bytes_count" AND resource.type="tpu_worker" AND resource.labels.node_id="n"',
    );
  });

  it('refuse labels the resource or metric does not have', () => {
    expect(() => metricFilter({ metric: 'tpuDutyCycle', resourceLabels: { node_id: 'n' } })).toThrow(
      'tpu.googleapis.com/accelerator/duty_cycle: resource.labels.node_id does not exist on tpu.googleapis.com/GceTpuWorker; known: resource_container, location, worker_id',
    );
    expect(() => metricFilter({ metric: 'gcsRequestCount', metricLabelsOneOf: { status: ['x'] } })).toThrow(
      /metric\.labels\.status does not exist/,
    );
    expect(() => groupBy('hostCpuUtilization', 'resource.labels.location')).toThrow(
      /resource\.labels\.location does not exist on tpu_worker/,
    );
    expect(() => groupBy('hostCpuUtilization', 'worker_id')).toThrow(
      /expected resource\.labels\.X or metric\.labels\.X/,
    );
  });
});
