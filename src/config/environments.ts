import type { EnvironmentInput, EnvironmentName } from './schema';

/**
 * The three committed environments. Every value here is checked by the schema at start-up; the
 * shell may override the recipe's inputs (see overrides.ts).
 *
 * Region and zone: us-central1-b offers TPU v6e (the original recipe's us-central2 offers v4 only).
 * dev is a small spot slice that may be torn down completely; prod is on-demand and protected.
 * `cost` is what `npm run cost` assumes about a month's use; it changes no resource.
 */
export const ENVIRONMENTS: Record<EnvironmentName, EnvironmentInput> = {
  dev: {
    name: 'dev',
    projectId: 'tpu-train-dev',
    region: 'us-central1',
    zone: 'us-central1-b',
    namePrefix: 'tpu-dev',
    tpu: { name: 'tpu-dev-trainer', acceleratorType: 'v6e-4', capacity: 'spot' },
    bucket: { name: 'tpu-train-dev-data-lake' },
    network: { name: 'tpu-dev-vpc', subnetName: 'tpu-dev-subnet', subnetCidr: '10.10.0.0/20' },
    enableMonitoring: true,
    enableVertexAi: true,
    deletionProtection: false,
    labels: { team: 'ml-platform', 'cost-center': 'ml-training' },
    cost: { tpuHoursPerMonth: 60, dataSizeGiB: 200, preprocessingDcus: 12, preprocessingHoursPerRun: 0.5, preprocessingRunsPerMonth: 8 },
    stateBackend: { bucket: 'tpu-train-dev-tfstate', prefix: 'cdktf/dev' },
  },
  staging: {
    name: 'staging',
    projectId: 'tpu-train-staging',
    region: 'us-central1',
    zone: 'us-central1-b',
    namePrefix: 'tpu-stg',
    tpu: { name: 'tpu-stg-trainer', acceleratorType: 'v6e-8', capacity: 'spot' },
    bucket: { name: 'tpu-train-staging-data-lake' },
    network: { name: 'tpu-stg-vpc', subnetName: 'tpu-stg-subnet', subnetCidr: '10.20.0.0/20' },
    enableMonitoring: true,
    enableVertexAi: true,
    deletionProtection: false,
    labels: { team: 'ml-platform', 'cost-center': 'ml-training' },
    cost: { tpuHoursPerMonth: 120, dataSizeGiB: 1000, preprocessingDcus: 24, preprocessingHoursPerRun: 1, preprocessingRunsPerMonth: 4 },
    stateBackend: { bucket: 'tpu-train-staging-tfstate', prefix: 'cdktf/staging' },
  },
  prod: {
    name: 'prod',
    projectId: 'tpu-train-prod',
    region: 'us-central1',
    zone: 'us-central1-b',
    namePrefix: 'tpu-prod',
    tpu: { name: 'tpu-prod-trainer', acceleratorType: 'v6e-8', capacity: 'on-demand' },
    bucket: { name: 'tpu-train-prod-data-lake' },
    network: { name: 'tpu-prod-vpc', subnetName: 'tpu-prod-subnet', subnetCidr: '10.30.0.0/20' },
    enableMonitoring: true,
    enableVertexAi: true,
    deletionProtection: true,
    labels: { team: 'ml-platform', 'cost-center': 'ml-training' },
    cost: { tpuHoursPerMonth: 500, dataSizeGiB: 10000, preprocessingDcus: 48, preprocessingHoursPerRun: 2, preprocessingRunsPerMonth: 8 },
    stateBackend: { bucket: 'tpu-train-prod-tfstate', prefix: 'cdktf/prod' },
  },
};
