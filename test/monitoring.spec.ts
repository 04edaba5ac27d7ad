import {
  ALIGNER_KINDS,
  findMetricByType,
  METRICS,
  MONITORED_RESOURCES,
  MONITORING_API,
  SCHEDULER_LOGS,
  TPU_V6E,
} from '../src/catalog';
import { ENVIRONMENT_NAMES } from '../src/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_IDS, incidentPolicyName, renderLayout } from '../constructs/monitoring';
import { envConfig, resourcesOf } from './helpers';
import { chartsOf, synthWithMonitoring } from './monitoring-helpers';
import { protoJsonProblems, readBackDifferences } from './proto-json';
import { isProtoDefault, omitProtoDefaults } from '../constructs/monitoring';

const MONITORING_TYPES = [
  'google_monitoring_dashboard',
  'google_monitoring_alert_policy',
  'google_monitoring_notification_channel',
  'google_billing_budget',
];
const COUNT = '${var.enable_monitoring ? 1 : 0}';

type Body = Record<string, any>;

describe.each(ENVIRONMENT_NAMES.map((n) => [n]))('%s monitoring', (name) => {
  // The committed environments have no address yet (see monitoring-config.spec.ts): give them two.
  const env = envConfig(
    name,
    (e) => (e.monitoring.notificationEmails = ['ml-oncall@acme-ml.io', 'ml-lead@acme-ml.io']),
  );
  const { tf, json } = synthWithMonitoring(env);
  const dashboards = resourcesOf(tf, 'google_monitoring_dashboard') as Body[];
  const dashboard = JSON.parse(dashboards[0].dashboard_json as string);
  const policies = resourcesOf(tf, 'google_monitoring_alert_policy') as Body[];
  const channels = resourcesOf(tf, 'google_monitoring_notification_channel') as Body[];

  it('has one dashboard, the five alert policies and one email channel per configured address', () => {
    expect(dashboards).toHaveLength(1);
    expect(policies).toHaveLength(ALERT_IDS.length);
    expect(channels.map((c) => c.labels.email_address).sort()).toEqual([...env.monitoring.notificationEmails].sort());
    for (const c of channels) expect(c.type).toBe('email');
  });

  it('holds the dashboard against the API schema google.monitoring.dashboard.v1.Dashboard', () => {
    expect(protoJsonProblems(MONITORING_API.dashboardMessage, dashboard)).toEqual([]);
    expect(dashboard).toHaveProperty('mosaicLayout');
    expect(dashboard.displayName).toContain(name);
  });

  it('reads back from the API exactly as written (no field holds a proto3 default), so plans stay clean', () => {
    expect(readBackDifferences(MONITORING_API.dashboardMessage, dashboard)).toEqual([]);
    // The tiles on the left edge and the top row are there, without their zero positions.
    const tiles = dashboard.mosaicLayout.tiles as Body[];
    expect(tiles[0]).not.toHaveProperty('xPos');
    expect(tiles[0]).not.toHaveProperty('yPos');
    expect(tiles.filter((t) => t.xPos === undefined).length).toBeGreaterThanOrEqual(4);
    expect(tiles.filter((t) => t.yPos !== undefined).every((t) => t.yPos > 0)).toBe(true);
  });

  it('lists the incidents of every policy as alertPolicies/<id>, not the full projects/... name (provider #14118)', () => {
    const tile = (dashboard.mosaicLayout.tiles as Body[]).find((t) => t.widget.incidentList);
    const names = tile!.widget.incidentList.policyNames as string[];
    expect(names).toHaveLength(ALERT_IDS.length);
    const addresses = Object.keys(tf.resource.google_monitoring_alert_policy);
    names.forEach((n, i) => {
      expect(n).toMatch(/^alertPolicies\/\$\{basename\(one\(google_monitoring_alert_policy\.[\w-]+\[\*\]\.name\)\)\}$/);
      expect(n).toContain(
        `google_monitoring_alert_policy.${addresses.find((a) => a.includes(`alert-${ALERT_IDS[i]}_`))}[*]`,
      );
    });
    expect(incidentPolicyName('projects/p-1/alertPolicies/123')).toBe('alertPolicies/123');
  });

  it('places every tile inside the grid without overlaps', () => {
    const { columns, tiles } = dashboard.mosaicLayout;
    expect(columns).toBeLessThanOrEqual(MONITORING_API.mosaicMaxColumns);
    const taken = new Set<string>();
    for (const t of tiles) {
      // A position of 0 is left out (the API omits it on read): read it back as 0.
      const [xPos, yPos] = [t.xPos ?? 0, t.yPos ?? 0];
      expect(xPos + t.width).toBeLessThanOrEqual(columns);
      for (let x = xPos; x < xPos + t.width; x++) {
        for (let y = yPos; y < yPos + t.height; y++) {
          expect(taken.has(`${x},${y}`)).toBe(false);
          taken.add(`${x},${y}`);
        }
      }
    }
  });

  it('pairs every chart metric with the resource type it is written against, and known labels', () => {
    const charts = chartsOf(dashboard);
    expect(charts.length).toBeGreaterThanOrEqual(12);
    for (const c of charts) {
      const type = /metric\.type="([^"]+)"/.exec(c.filter)?.[1] as string;
      const fact = findMetricByType(type);
      expect({ chart: c.title, known: fact !== undefined }).toEqual({ chart: c.title, known: true });
      const resource = MONITORED_RESOURCES[fact!.resource];
      expect({ chart: c.title, resource: /resource\.type="([^"]+)"/.exec(c.filter)?.[1] }).toEqual({
        chart: c.title,
        resource: resource.type,
      });
      for (const [, label] of c.filter.matchAll(/resource\.labels\.(\w+)=/g)) expect(resource.labels).toContain(label);
      for (const field of c.aggregation.groupByFields ?? []) {
        const [scope, , label] = field.split('.');
        expect(scope === 'resource' ? resource.labels : fact!.labels).toContain(label);
      }
      expect(ALIGNER_KINDS[c.aggregation.perSeriesAligner ?? 'ALIGN_NONE']).toContain(fact!.kind);
    }
  });

  it('charts the TPU accelerator on GceTpuWorker, the host on tpu_worker, and the rest of the pipeline', () => {
    const types = new Set(chartsOf(dashboard).map((c) => /metric\.type="([^"]+)"/.exec(c.filter)?.[1]));
    for (const m of Object.values(METRICS).filter(
      (m) =>
        !['tpuUptimeTotal', 'tpuInterruptionCount', 'hostMemoryUsage'].some(
          (k) => METRICS[k as keyof typeof METRICS] === m,
        ),
    )) {
      expect(types).toContain(m.type);
    }
    const accel = chartsOf(dashboard).filter((c) => c.filter.includes('tpu.googleapis.com/accelerator/'));
    for (const c of accel)
      expect(c.filter).toContain(
        'resource.type="tpu.googleapis.com/GceTpuWorker" AND resource.labels.location="${var.zone}"',
      );
    const host = chartsOf(dashboard).filter((c) => c.filter.includes('resource.type="tpu_worker"'));
    for (const c of host) expect(c.filter).toContain('resource.labels.node_id="${var.tpu_name}"');
    const network = chartsOf(dashboard).filter((c) => c.filter.includes('/network/'));
    expect(network.length).toBe(4);
    for (const c of network) expect(c.aggregation.perSeriesAligner).toBe('ALIGN_RATE');
    const gcs = chartsOf(dashboard).filter((c) => c.filter.includes('resource.type="gcs_bucket"'));
    for (const c of gcs) expect(c.filter).toContain('resource.labels.bucket_name="${var.bucket_name}"');
  });

  it('sends every alert policy to every channel, with markdown a person on call can act on', () => {
    const channelRefs = Object.keys(tf.resource.google_monitoring_notification_channel).map(
      (id) => `\${one(google_monitoring_notification_channel.${id}[*].name)}`,
    );
    for (const p of policies) {
      expect([...p.notification_channels].sort()).toEqual([...channelRefs].sort());
      expect(p.documentation.mime_type).toBe('text/markdown');
      expect(p.documentation.content).toMatch(/\*\*Confirm\*\*[\s\S]+\*\*Act\*\*/);
      expect(p.severity).toMatch(/^(CRITICAL|ERROR|WARNING)$/);
    }
  });

  it("respects the API's rules in every condition", () => {
    for (const p of policies) {
      const logConditions = p.conditions.filter((c: Body) => c.condition_matched_log);
      if (logConditions.length) {
        expect(p.conditions).toHaveLength(1);
        expect(Number(p.alert_strategy.notification_rate_limit.period.replace('s', ''))).toBeGreaterThanOrEqual(
          MONITORING_API.logMatchMinRateLimitSeconds,
        );
      }
      for (const c of p.conditions) {
        const t = c.condition_threshold;
        if (!t) continue;
        expect(Number(t.duration.replace('s', '')) % 60).toBe(0);
        for (const filter of [t.filter, t.denominator_filter].filter(Boolean)) {
          expect(filter.length).toBeLessThanOrEqual(MONITORING_API.maxFilterLength);
          const fact = findMetricByType(/metric\.type="([^"]+)"/.exec(filter)![1])!;
          expect(filter).toContain(`resource.type="${MONITORED_RESOURCES[fact.resource].type}"`);
        }
        for (const a of [...t.aggregations, ...(t.denominator_aggregations ?? [])]) {
          expect(Number(a.alignment_period.replace('s', ''))).toBeGreaterThanOrEqual(60);
          if (a.cross_series_reducer) expect(a.per_series_aligner).toMatch(/^ALIGN_(?!NONE)/);
        }
      }
    }
  });

  it('watches idleness on the TPU node, interruptions in its zone, failures from logs, 5xx on the bucket', () => {
    const byName = (s: string) => policies.find((p) => p.display_name.includes(s))!;
    const idle = byName('TPU idle');
    expect(idle.conditions.map((c: Body) => c.condition_threshold.filter).join('\n')).toMatch(
      /duty_cycle[\s\S]*GceTpuWorker[\s\S]*idle_duration[\s\S]*tpu_worker.*node_id="\$\{var\.tpu_name\}"/,
    );
    expect(idle.conditions[0].condition_threshold).toMatchObject({
      comparison: 'COMPARISON_LT',
      threshold_value: 5,
      duration: '1800s',
    });
    expect(byName('interrupted').conditions[0].condition_threshold.filter).toContain(
      'tpu.googleapis.com/instance/interruption_count',
    );
    expect(byName('Dataproc').conditions[0].condition_matched_log.filter).toContain('BatchController.CreateBatch');
    expect(byName('Vertex').conditions[0].condition_matched_log.filter).toBe(
      'resource.type="aiplatform.googleapis.com/PipelineJob" jsonPayload.state="PIPELINE_STATE_FAILED"',
    );
    const launches = byName('Scheduled launch refused');
    expect(launches.severity).toBe('ERROR');
    expect(launches.conditions[0].condition_matched_log).toEqual({
      filter: 'resource.type="cloud_scheduler_job" severity>=ERROR',
      label_extractors: { job_id: 'EXTRACT(resource.labels.job_id)' },
    });
    expect(launches.alert_strategy.notification_rate_limit.period).toBe('1800s');
    const gcs = byName('Cloud Storage').conditions[0].condition_threshold;
    expect(gcs.filter).toContain('metric.labels.response_code=one_of("INTERNAL"');
    expect(gcs.denominator_filter).not.toContain('response_code');
  });

  it('alerts on a refused launch of every Cloud Scheduler job in the stack (the filter names no job)', () => {
    const jobs = resourcesOf(tf, 'google_cloud_scheduler_job') as Body[];
    expect(jobs.length).toBeGreaterThanOrEqual(env.enableVertexAi ? 2 : 1);
    const filter = policies.find((p) => p.display_name.includes('Scheduled launch refused'))!.conditions[0]
      .condition_matched_log.filter as string;
    expect(filter).toContain(`resource.type="${SCHEDULER_LOGS.resourceType}"`);
    expect(filter).not.toContain('job_id');
    // Every job lives in the project the policy watches (a log-based policy sees its own project's logs).
    for (const job of jobs) expect(job.project).toBe('${var.project_id}');
  });

  it('counts every monitoring resource and data source on var.enable_monitoring', () => {
    for (const type of MONITORING_TYPES) {
      for (const body of resourcesOf(tf, type) as Body[]) expect(body.count).toBe(COUNT);
    }
    for (const byName of Object.values(tf.data ?? {})) {
      for (const [id, body] of Object.entries(byName)) if (id.startsWith('monitoring_')) expect(body.count).toBe(COUNT);
    }
    expect(json).not.toMatch(/"\$\{google_monitoring_[a-z_]+\.[^[]+\.name\}"/);
  });

  it('labels its resources as the monitoring component', () => {
    for (const p of [...policies, ...channels])
      expect(p.user_labels).toMatchObject({ environment: name, component: 'monitoring', 'managed-by': 'cdktf' });
  });

  it('writes no interpolation or template directive of its own into Terraform strings', () => {
    const ours = JSON.stringify(MONITORING_TYPES.map((type) => resourcesOf(tf, type)));
    expect(ours).toContain('${var.tpu_name}');
    const interpolations = [...ours.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
    for (const i of interpolations)
      expect(i).toMatch(
        /^(var\.[a-z_]+|(basename\()?one\((google_[a-z_]+|data\.google_[a-z_]+)\.[^)]+\)\)?|var\.[a-z_]+ \? 1 : 0)$/,
      );
    expect(ours).not.toContain('%{');
  });

  it('creates no budget while no billing account is configured', () => {
    expect(env.monitoring.billingAccount).toBeNull();
    expect(resourcesOf(tf, 'google_billing_budget')).toEqual([]);
  });
});

describe('the idle-TPU runbook', () => {
  const idleRunbook = (change: (e: Record<string, any>) => void) => {
    const { tf } = synthWithMonitoring(envConfig('prod', change));
    const policy = (resourcesOf(tf, 'google_monitoring_alert_policy') as Body[]).find((p) =>
      p.display_name.includes('TPU idle'),
    );
    return policy!.documentation.content as string;
  };

  it('says stop for a single-host slice (v6e-8)', () => {
    const text = idleRunbook((e) => (e.tpu.acceleratorType = 'v6e-8'));
    expect(text).toContain('gcloud compute tpus tpu-vm stop ${var.tpu_name}');
    // tpu_accelerator_type can still be set larger at plan time: the runbook says what to do then.
    expect(text).toContain('If tpu_accelerator_type was set to v6e-16 or larger at plan time');
  });

  it.each([['v6e-16'], ['v6e-256']])('says delete, never stop, for a multi-host slice (%s)', (type) => {
    const text = idleRunbook((e) => (e.tpu.acceleratorType = type));
    expect(text).toContain('gcloud compute tpus tpu-vm delete ${var.tpu_name}');
    expect(text).toContain('a multi-host slice cannot be stopped');
    expect(text).not.toContain('tpu-vm stop');
    expect(TPU_V6E.stopMaxHosts).toBe(1);
  });
});

describe('a stack with monitoring disabled', () => {
  it('holds no monitoring resources at all', () => {
    const { tf } = synthWithMonitoring(envConfig('staging', (e) => (e.enableMonitoring = false)));
    for (const type of MONITORING_TYPES) expect(resourcesOf(tf, type)).toEqual([]);
    expect(tf.variable.enable_monitoring.default).toBe(false);
  });
});

describe('the monthly budget', () => {
  const { tf } = synthWithMonitoring(
    envConfig('prod', (e) => {
      e.monitoring = {
        notificationEmails: ['oncall@acme-ml.io', 'lead@acme-ml.io'],
        billingAccount: '012345-6789AB-CDEF01',
        monthlyBudget: 20000,
      };
    }),
  );
  const [budget] = resourcesOf(tf, 'google_billing_budget') as Body[];

  it('is scoped to the project by number and alerts at 50/90/100% spend and 100% forecast', () => {
    const [projectId] = Object.keys(tf.data!.google_project);
    expect(budget.budget_filter.projects).toEqual([`projects/\${one(data.google_project.${projectId}[*].number)}`]);
    expect(tf.data!.google_project[projectId]).toMatchObject({ project_id: '${var.project_id}', count: COUNT });
    expect(budget.amount.specified_amount).toEqual({ currency_code: 'USD', units: '20000' });
    expect(budget.billing_account).toBe('012345-6789AB-CDEF01');
    expect(budget.threshold_rules).toEqual([
      { threshold_percent: 0.5, spend_basis: 'CURRENT_SPEND' },
      { threshold_percent: 0.9, spend_basis: 'CURRENT_SPEND' },
      { threshold_percent: 1, spend_basis: 'CURRENT_SPEND' },
      { threshold_percent: 1, spend_basis: 'FORECASTED_SPEND' },
    ]);
    expect(budget.count).toBe(COUNT);
  });

  it('notifies every channel and waits for the Billing Budget API', () => {
    expect(budget.all_updates_rule.monitoring_notification_channels).toHaveLength(2);
    expect(budget.all_updates_rule.monitoring_notification_channels[0]).toMatch(
      /^\$\{one\(google_monitoring_notification_channel\./,
    );
    expect(budget.depends_on).toEqual([expect.stringMatching(/^google_project_service\.services_billingbudgets_/)]);
  });

  it('goes through a google provider of its own with a quota project (user credentials need one)', () => {
    const budgetProvider = (tf.provider.google as Body[]).find((p) => p.alias === 'budget');
    expect(budgetProvider).toEqual({
      alias: 'budget',
      project: '${var.project_id}',
      billing_project: '${var.project_id}',
      user_project_override: true,
    });
    expect(budget.provider).toBe('google.budget');
    const [projectId] = Object.keys(tf.data!.google_project);
    expect(tf.data!.google_project[projectId].provider).toBe('google.budget');
    // The default google provider is unchanged: no other resource bills the quota project.
    expect((tf.provider.google as Body[]).find((p) => p.alias === undefined)).not.toHaveProperty(
      'user_project_override',
    );
  });

  it('takes its currency from the configuration', () => {
    const { tf: eur } = synthWithMonitoring(
      envConfig('prod', (e) => {
        e.monitoring = {
          notificationEmails: [],
          billingAccount: '012345-6789AB-CDEF01',
          currency: 'EUR',
          monthlyBudget: 900,
        };
      }),
    );
    const [b] = resourcesOf(eur, 'google_billing_budget') as Body[];
    expect(b.amount.specified_amount).toEqual({ currency_code: 'EUR', units: '900' });
    expect(envConfig('prod').monitoring.currency).toBe('USD');
  });
});

describe('docs/monitoring.md, "Dashboard and alerts"', () => {
  const page = readFileSync(join(__dirname, '..', 'docs', 'monitoring.md'), 'utf8');
  const section = page.slice(page.indexOf('## Dashboard and alerts'));
  const { monitoring } = synthWithMonitoring(envConfig('dev'));

  it('shows the dashboard layout exactly as the construct lays it out', () => {
    const layout = renderLayout(monitoring!.layout);
    expect(section).toContain(layout);
  });

  it('has a row for each alert policy with what to do', () => {
    const lines = section.split('\n');
    const start = lines.findIndex((l) => l.startsWith('| alert | fires when | what to do |'));
    const end = lines.findIndex((l, i) => i > start && l.trim() === '');
    const rows = lines.slice(start + 2, end);
    const titles = [
      'TPU idle',
      'TPU interrupted',
      'Dataproc batch failed',
      'Vertex AI pipeline run failed',
      'Cloud Storage server errors',
      'Training run failed',
      'Training run waited too long for capacity',
      'Janitor deleted an ACTIVE TPU request',
      'Cloud Scheduler launch refused',
    ];
    expect(rows.map((r) => r.split('|')[1].trim())).toEqual(titles);
    expect(titles).toHaveLength(ALERT_IDS.length);
    for (const r of rows) expect(r.split('|')[3].trim().length).toBeGreaterThan(40);
  });
});

describe('omitProtoDefaults', () => {
  it('leaves out 0, false, "", [] and *_UNSPECIFIED at every depth, and keeps list items and empty messages', () => {
    const written = {
      a: 0,
      b: false,
      c: '',
      d: [],
      e: 'SCALE_UNSPECIFIED',
      f: { g: 0, h: 1, blank: {} },
      tiles: [{ xPos: 0, width: 12 }],
      zeros: [0, 1],
      i: 'LINEAR',
    };
    expect(omitProtoDefaults(written)).toEqual({
      f: { h: 1, blank: {} },
      tiles: [{ width: 12 }],
      zeros: [0, 1],
      i: 'LINEAR',
    });
    expect(written.a).toBe(0); // the input is not changed
  });

  it('treats only defaults as defaults', () => {
    expect([0, false, '', [], 'MODE_UNSPECIFIED'].every(isProtoDefault)).toBe(true);
    expect([1, -1, true, 'x', [0], {}, 'UNSPECIFIED', 'ALIGN_MEAN', '${var.x}'].some(isProtoDefault)).toBe(false);
  });
});
