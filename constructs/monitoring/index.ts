/** The monitoring concern: dashboard, alert policies with runbooks, notification channels and budget. */
export { TrainingMonitoring } from './monitoring';
export type { TrainingMonitoringProps } from './props';
export { ALERT_IDS } from './alert-inputs';
export type { AlertId, AlertInputs } from './alert-inputs';
export { renderLayout, dashboardRows, incidentPolicyName } from './dashboard';
export type { RowSpec } from './dashboard';
export { checkAlertPolicy } from './rules';
export type { AlertPolicySpec } from './rules';
export type { ConditionSpec } from './rules';
export { worstCaseLength } from './rules';
export { ProjectBudget } from './budget';
export { channelId, EmailChannels } from './channels';
export { groupBy, metricFilter } from './queries';
export { isProtoDefault, omitProtoDefaults } from './proto-defaults';
