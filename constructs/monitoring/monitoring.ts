import { Construct } from 'constructs';
import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
import { InputError } from '../../src/core/errors';
import { setComponent } from '../../src/core/labels';
import { toggleWith } from '../../src/core/toggle';
import { ALERT_IDS, AlertId, alertPolicySpecs } from './alerts';
import { ProjectBudget } from './budget';
import { EmailChannels } from './channels';
import { dashboardJson, dashboardRows, incidentPolicyName, RowSpec } from './dashboard';
import { checkAlertPolicy } from './rules';
import { TrainingMonitoringProps } from './props';
import { shown } from '../../src/core/validation';

/**
 * The environment's Cloud Monitoring: one dashboard (TPU accelerator and host, Dataproc, Cloud
 * Storage, Vertex AI), the alert policies of ALERT_IDS with runbooks, email notification channels used by every
 * policy, and a monthly budget when a billing account is given. Toggled in Terraform by `enabled`.
 *
 * @example new TrainingMonitoring(stack, 'monitoring', { enabled: stack.inputs.enableMonitoring, projectId: stack.inputs.projectId, environment: 'dev', region: stack.inputs.region, zone: stack.inputs.zone, tpuNodeName: stack.inputs.tpuName, bucketName: stack.inputs.bucketName, notificationEmails: ['oncall@example.com'] })
 */
export class TrainingMonitoring extends Construct {
  readonly dashboard: MonitoringDashboard;
  readonly alertPolicies: Readonly<Record<AlertId, MonitoringAlertPolicy>>;
  readonly channels: EmailChannels;
  /** Present when a billing account was given. */
  readonly budget?: ProjectBudget;
  /** The dashboard's rows, as laid out (for the README picture). */
  readonly layout: readonly RowSpec[];

  constructor(scope: Construct, id: string, props: TrainingMonitoringProps) {
    super(scope, id);
    setComponent(this, 'monitoring');
    toggleWith(this, props.enabled);

    const idleThreshold = props.tpuIdleThresholdPercent ?? 5;
    const problems: string[] = [];
    if (!(idleThreshold > 0 && idleThreshold < 100))
      problems.push(
        `${this.node.path}.tpuIdleThresholdPercent=${shown(idleThreshold)}: out of range; allowed: a percentage above 0 and below 100`,
      );
    const errorRatio = props.gcsServerErrorRatio ?? 0.01;
    if (!(errorRatio > 0 && errorRatio < 1))
      problems.push(
        `${this.node.path}.gcsServerErrorRatio=${shown(errorRatio)}: out of range; allowed: a fraction above 0 and below 1`,
      );
    if (props.billingAccount && props.monthlyBudget === undefined)
      problems.push(
        `${this.node.path}.monthlyBudget=undefined: a billing account needs a budget; allowed: whole units of the billing account's currency above 0`,
      );
    if (problems.length) throw new InputError(problems);

    this.channels = new EmailChannels(this, 'channels', {
      projectId: props.projectId,
      environment: props.environment,
      emails: props.notificationEmails,
    });
    const dashboardName = `[${props.environment}] TPU v6e training`;

    const specs = alertPolicySpecs({
      environment: props.environment,
      projectId: props.projectId,
      region: props.region,
      zone: props.zone,
      tpuNodeName: props.tpuNodeName,
      tpuHosts: props.tpuHosts,
      bucketName: props.bucketName,
      dashboardName,
      tpuIdleThresholdPercent: idleThreshold,
      tpuIdleMinutes: props.tpuIdleMinutes ?? 30,
      gcsServerErrorRatio: errorRatio,
      logAlertRateLimitMinutes: props.logAlertRateLimitMinutes ?? 30,
    });
    const ruleProblems = ALERT_IDS.flatMap((alertId) => checkAlertPolicy(alertId, specs[alertId]));
    if (ruleProblems.length) throw new InputError(ruleProblems.map((p) => `${this.node.path} ${p}`));

    const policies = {} as Record<AlertId, MonitoringAlertPolicy>;
    for (const alertId of ALERT_IDS) {
      policies[alertId] = new MonitoringAlertPolicy(this, `alert-${alertId}`, {
        project: props.projectId,
        ...specs[alertId],
        notificationChannels: [...this.channels.names],
      });
    }
    this.alertPolicies = policies;

    this.layout = dashboardRows({
      environment: props.environment,
      zone: props.zone,
      tpuNodeName: props.tpuNodeName,
      bucketName: props.bucketName,
      idleThresholdPercent: idleThreshold,
      alertPolicyNames: ALERT_IDS.map((alertId) => incidentPolicyName(policies[alertId].name)),
    });
    this.dashboard = new MonitoringDashboard(this, 'dashboard', {
      project: props.projectId,
      dashboardJson: JSON.stringify(dashboardJson(dashboardName, this.layout)),
    });

    if (props.billingAccount) {
      this.budget = new ProjectBudget(this, 'budget', {
        billingAccount: props.billingAccount,
        projectId: props.projectId,
        environment: props.environment,
        monthlyAmountUsd: props.monthlyBudget as number,
        currencyCode: props.budgetCurrency,
        thresholds: props.budgetThresholds,
        notificationChannels: this.channels.names,
      });
    }
  }
}
