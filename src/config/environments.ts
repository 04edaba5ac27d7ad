import type { EnvironmentInput, EnvironmentName } from './schema';

/**
 * The three committed environments. Every value here is checked by the schema at start-up; the
 * shell may override the stack inputs (see stack-inputs.ts).
 *
 * Region and zone: us-central1-b offers TPU v6e (the old hand-written setup's us-central2 offers v4 only).
 * dev is a small spot slice that may be torn down completely; prod is on-demand and protected, and
 * keeps Cloud Storage data-access audit logs (the workload identities' reads exempted), not usage
 * logs as well: one kind of log per read. dev and staging sample a tenth of the subnet's flows.
 *
 * Bucket names are global, so the data lake (`<projectId>-data-lake`) and the state bucket
 * (`<projectId>-tfstate`) are derived from the project id unless set here or by BUCKET_NAME.
 * Terraform state lives in a project of its own (STATE_PROJECT, `stateBackend.project`), which no
 * workload identity has a role in: project-wide roles such as roles/dataproc.worker write every
 * bucket of their project, so a state bucket there could be rewritten by a batch.
 *
 * Monitoring: no notification channel is committed (placeholder domains such as example.com are
 * refused): put the team's on-call addresses in `monitoring.notificationEmails` (1-5). Until then
 * the alerts exist but tell no one, and every synth warns (policy TPU-MON-001). Set the billing
 * account (XXXXXX-XXXXXX-XXXXXX) to get a budget. Budgets: a v6e-8 on demand is about $21.60 an
 * hour, about $15,800 for a month left running.
 * Preprocessing: dev runs by hand only (its scheduler job is paused); staging and prod run daily at
 * 03:00 UTC, staging first so a broken job shows there before prod.
 * Training: every launcher is paused (runs start by hand: the stack's vertex_pipeline_run_command);
 * the janitor, which deletes stranded TPU requests, runs daily at 04:30 UTC in staging and prod;
 * a run's TPU slice exists only while it trains. Only dev keeps an always-on development VM
 * (`tpu.devVm`). `training.hoursPerMonth` / `runsPerMonth` and `cost` are what `npm run cost` assumes
 * about a month's use; they change no resource.
 */
/** The project that holds every environment's Terraform state bucket (`npm run bootstrap` creates them). */
const STATE_PROJECT = 'tpu-train-state';

export const ENVIRONMENTS: Record<EnvironmentName, EnvironmentInput> = {
  dev: {
    name: 'dev',
    projectId: 'tpu-train-dev',
    region: 'us-central1',
    zone: 'us-central1-b',
    namePrefix: 'tpu-dev',
    tpu: { name: 'tpu-dev-trainer', acceleratorType: 'v6e-4', capacity: 'spot', devVm: true },
    bucket: {
      hierarchicalNamespace: false,
      encryption: 'google-managed',
      anywhereCache: false,
      accessLogs: false,
      dataAccessAuditLogs: false,
    },
    network: {
      mode: 'create',
      cloudNat: true,
      name: 'tpu-dev-vpc',
      subnetName: 'tpu-dev-subnet',
      subnetCidr: '10.10.0.0/20',
      flowLogSampling: 0.1,
    },
    enableMonitoring: true,
    enableVertexAi: true,
    training: {
      schedule: null,
      timeZone: 'Etc/UTC',
      janitorSchedule: null,
      slices: 1,
      reservation: null,
      maxWaitMinutes: 120,
      maxRestarts: 3,
      runTimeoutHours: 24,
      setup: null,
      command: null,
      template: null,
      hoursPerMonth: 60,
      runsPerMonth: 8,
    },
    deletionProtection: false,
    monitoring: {
      notificationEmails: [],
      billingAccount: null,
      currency: 'USD',
      monthlyBudget: 3000,
    },
    labels: { team: 'ml-platform', 'cost-center': 'ml-training' },
    preprocessing: { schedule: null, timeZone: 'Etc/UTC', runAtDeploy: false },
    cost: {
      dataSizeGiB: 200,
      preprocessingDcus: 12,
      preprocessingHoursPerRun: 0.5,
      preprocessingRunsPerMonth: 8,
    },
    stateBackend: { project: STATE_PROJECT, prefix: 'cdktf/dev' },
  },
  staging: {
    name: 'staging',
    projectId: 'tpu-train-staging',
    region: 'us-central1',
    zone: 'us-central1-b',
    namePrefix: 'tpu-stg',
    tpu: { name: 'tpu-stg-trainer', acceleratorType: 'v6e-8', capacity: 'spot', devVm: false },
    bucket: {
      hierarchicalNamespace: false,
      encryption: 'google-managed',
      anywhereCache: false,
      accessLogs: false,
      dataAccessAuditLogs: false,
    },
    network: {
      mode: 'create',
      cloudNat: true,
      name: 'tpu-stg-vpc',
      subnetName: 'tpu-stg-subnet',
      subnetCidr: '10.20.0.0/20',
      flowLogSampling: 0.1,
    },
    enableMonitoring: true,
    enableVertexAi: true,
    training: {
      schedule: null,
      timeZone: 'Etc/UTC',
      janitorSchedule: '30 4 * * *',
      slices: 1,
      reservation: null,
      maxWaitMinutes: 360,
      maxRestarts: 3,
      runTimeoutHours: 24,
      setup: null,
      command: null,
      template: null,
      hoursPerMonth: 120,
      runsPerMonth: 10,
    },
    deletionProtection: false,
    monitoring: {
      notificationEmails: [],
      billingAccount: null,
      currency: 'USD',
      monthlyBudget: 8000,
    },
    labels: { team: 'ml-platform', 'cost-center': 'ml-training' },
    preprocessing: { schedule: '0 3 * * *', timeZone: 'Etc/UTC', runAtDeploy: false },
    cost: {
      dataSizeGiB: 1000,
      preprocessingDcus: 24,
      preprocessingHoursPerRun: 1,
      preprocessingRunsPerMonth: 30,
    },
    stateBackend: { project: STATE_PROJECT, prefix: 'cdktf/staging' },
  },
  prod: {
    name: 'prod',
    projectId: 'tpu-train-prod',
    region: 'us-central1',
    zone: 'us-central1-b',
    namePrefix: 'tpu-prod',
    tpu: { name: 'tpu-prod-trainer', acceleratorType: 'v6e-8', capacity: 'on-demand', devVm: false },
    bucket: {
      hierarchicalNamespace: false,
      encryption: 'google-managed',
      anywhereCache: false,
      accessLogs: false,
      dataAccessAuditLogs: true,
    },
    network: {
      mode: 'create',
      cloudNat: true,
      name: 'tpu-prod-vpc',
      subnetName: 'tpu-prod-subnet',
      subnetCidr: '10.30.0.0/20',
    },
    enableMonitoring: true,
    enableVertexAi: true,
    training: {
      schedule: null,
      timeZone: 'Etc/UTC',
      janitorSchedule: '30 4 * * *',
      slices: 1,
      reservation: null,
      maxWaitMinutes: 720,
      maxRestarts: 3,
      runTimeoutHours: 24,
      setup: null,
      command: null,
      template: null,
      hoursPerMonth: 500,
      runsPerMonth: 20,
    },
    deletionProtection: true,
    monitoring: {
      notificationEmails: [],
      billingAccount: null,
      currency: 'USD',
      monthlyBudget: 20000,
    },
    labels: { team: 'ml-platform', 'cost-center': 'ml-training' },
    preprocessing: { schedule: '0 3 * * *', timeZone: 'Etc/UTC', runAtDeploy: false },
    cost: {
      dataSizeGiB: 10000,
      preprocessingDcus: 48,
      preprocessingHoursPerRun: 2,
      preprocessingRunsPerMonth: 30,
    },
    stateBackend: { project: STATE_PROJECT, prefix: 'cdktf/prod' },
  },
};
