import { Testing } from 'cdktf';
import { EnvironmentConfig } from '../src/config';
import { EnvironmentStack } from '../stacks/environment-stack';
import { TrainingMonitoring } from '../constructs/monitoring';
import { TerraformJson } from './helpers';

/**
 * An environment stack with monitoring wired as proposed for stacks/environment-stack.ts: present
 * only when the environment enables it, toggled in Terraform by `var.enable_monitoring`. Once the
 * stack wires it itself (construct id `monitoring`), that construct is used as it is.
 */
export function synthWithMonitoring(env: EnvironmentConfig): {
  tf: TerraformJson;
  json: string;
  stack: EnvironmentStack;
  monitoring?: TrainingMonitoring;
} {
  const stack = new EnvironmentStack(Testing.app(), env);
  const wired = stack.node.tryFindChild('monitoring') as TrainingMonitoring | undefined;
  const monitoring =
    wired ??
    (env.enableMonitoring
      ? new TrainingMonitoring(stack, 'monitoring', {
          enabled: stack.inputs.enableMonitoring,
          projectId: stack.inputs.projectId,
          environment: env.name,
          region: stack.inputs.region,
          zone: stack.inputs.zone,
          tpuNodeName: stack.inputs.tpuName,
          bucketName: stack.inputs.bucketName,
          notificationEmails: env.monitoring.notificationEmails,
          billingAccount: env.monitoring.billingAccount,
          monthlyBudget: env.monitoring.monthlyBudget,
        })
      : undefined);
  const json = Testing.synth(stack);
  return { tf: JSON.parse(json) as TerraformJson, json, stack, monitoring };
}

export interface Chart {
  readonly title: string;
  readonly filter: string;
  readonly aggregation: {
    alignmentPeriod: string;
    perSeriesAligner?: string;
    crossSeriesReducer?: string;
    groupByFields?: string[];
  };
}

/** Every time-series query of every xyChart in a dashboard JSON object. */
export function chartsOf(dashboard: { mosaicLayout: { tiles: { widget: Record<string, any> }[] } }): Chart[] {
  return dashboard.mosaicLayout.tiles.flatMap((t) =>
    (t.widget.xyChart?.dataSets ?? []).map((ds: any) => ({
      title: t.widget.title,
      ...ds.timeSeriesQuery.timeSeriesFilter,
    })),
  );
}
