import { Fn } from 'cdktf';
import { DATA_LAKE_PREFIXES } from '../constructs/contracts';
import { findSlice } from '../src/catalog';
import { DataLakeBucket } from '../constructs/data-lake/data-lake';
import { TrainingMonitoring } from '../constructs/monitoring/monitoring';
import { TrainingNetwork } from '../constructs/network/network';
import { PreprocessingJob } from '../constructs/preprocessing/preprocessing-job';
import { WorkloadServiceAccounts } from '../constructs/identity/workload-accounts';
import { TpuV6eNode } from '../constructs/tpu/tpu-vm';
import { TrainingRuns } from '../constructs/training';
import { VertexAi } from '../constructs/vertex/vertex-ai';
import { WORKLOAD_WRITE_PREFIXES } from '../constructs/contracts';
import type { StackContext } from './context';
import { addVertexAi } from './vertex';

/** The training pipeline of one environment, construct by construct. */
export interface EnvironmentWorkloads {
  /** The VPC and subnet workloads attach to (ITrainingNetwork). */
  readonly network: TrainingNetwork;
  /** The data lake bucket (IDataLake): grant access with grantRead / grantWrite (prefixes). */
  readonly dataLake: DataLakeBucket;
  /** The workload identities: tpuTrainer, dataprocWorker, scheduler. */
  readonly identities: WorkloadServiceAccounts;
  /** The always-on development TPU VM (google-beta), with its manual steps as outputs, when `tpu.devVm` is on. */
  readonly tpu?: TpuV6eNode;
  /** Training runs: the generated pipeline, the TPU request every run sends, the runner's rights (with Vertex AI). */
  readonly training?: TrainingRuns;
  /** The preprocessing job: its script in the bucket and its Dataproc Serverless batch template. */
  readonly preprocessing: PreprocessingJob;
  /** Vertex AI pipelines (runner, KFP repository, Tensorboard, launcher), when the environment enables them. */
  readonly vertexPipeline?: VertexAi;
  /** Dashboard, alerts, channels and budget, when the environment enables monitoring. */
  readonly monitoring?: TrainingMonitoring;
}

/**
 * Composes the pipeline into `stack`: every resource reads the stack's Terraform variables, and each
 * construct receives the others as typed values (the bucket grants, the identities act as each other
 * only where a workload needs it). Construct ids are part of Terraform addresses: keep them.
 */
export function composeWorkloads(stack: StackContext): EnvironmentWorkloads {
  const { env, inputs } = stack;
  const network = new TrainingNetwork(stack, 'network', {
    projectId: inputs.projectId,
    region: inputs.region,
    mode: env.network.mode,
    cloudNat: env.network.cloudNat,
    networkName: inputs.networkName,
    subnetName: inputs.subnetName,
    subnetCidr: env.network.subnetCidr,
    namePrefix: env.namePrefix,
    flowLogSampling: env.network.flowLogSampling,
  });
  const encryption = env.bucket.encryption ?? 'google-managed';
  const dataLake = new DataLakeBucket(stack, 'data-lake', {
    projectId: inputs.projectId,
    bucketName: inputs.bucketName,
    location: inputs.region,
    zone: inputs.zone,
    namePrefix: env.namePrefix,
    deletionProtection: env.deletionProtection,
    hierarchicalNamespace: env.bucket.hierarchicalNamespace,
    createKmsKey: encryption === 'cmek',
    kmsKeyName: encryption.startsWith('projects/') ? encryption : undefined,
    anywhereCache: env.bucket.anywhereCache,
    accessLogs: env.bucket.accessLogs,
    dataAccessAuditLogs: env.bucket.dataAccessAuditLogs,
  });
  const identities = new WorkloadServiceAccounts(stack, 'identities', {
    projectId: inputs.projectId,
    namePrefix: env.namePrefix,
    dataLake,
    // Out of roles/dataproc.worker's reach: the state even if it shares the project (it should not:
    // stateBackend.project), and the usage logs, which a batch must not delete or forge.
    protectedBuckets: [env.stateBackend.bucket, ...(dataLake.logBucket ? [dataLake.logBucket.name] : [])],
  });
  // Their reads are the bulk of the bucket's traffic: not in the Data Access audit logs.
  dataLake.exemptFromReadAuditLogs(identities.tpuTrainer, identities.dataprocWorker);
  stack.output('data_lake_bucket', dataLake.bucketName, 'Data lake bucket name');
  stack.output(
    'data_lake_url',
    dataLake.url,
    `Data lake URL (gs://...); prefixes: ${Object.values(DATA_LAKE_PREFIXES).join(', ')}`,
  );
  stack.output('network_id', network.networkId, 'VPC network id');
  stack.output('subnetwork_id', network.subnetworkId, 'Subnet id (projects/<p>/regions/<r>/subnetworks/<name>)');
  stack.output('tpu_trainer_service_account', identities.tpuTrainer.email, 'Service account the TPU workers run as');
  stack.output(
    'dataproc_worker_service_account',
    identities.dataprocWorker.email,
    'Service account Dataproc Serverless batches run as',
  );
  stack.output(
    'scheduler_service_account',
    identities.scheduler.email,
    'Service account that launches runs (Cloud Scheduler)',
  );

  // The TPU VM is created in the same apply as its account, grants and NAT. It waits for: the trainer's
  // account and grants plus a pause for IAM to catch up (Google's own TPU example waits 60 s); the
  // trainer's data lake grant, which its startup script mounts with; the network's egress (the NAT),
  // its way to the gcsfuse package repository.
  const trainer = identities.tpuTrainer;
  // The grants the identities made (idempotent): read everything, write checkpoints/models/runs only.
  const trainerDataLakeGrants = [
    dataLake.grantRead(trainer),
    dataLake.grantWrite(trainer, WORKLOAD_WRITE_PREFIXES.tpuTrainer),
  ];
  const tpu = env.tpu.devVm
    ? new TpuV6eNode(stack, 'tpu', {
        projectId: inputs.projectId,
        name: inputs.tpuName,
        zone: inputs.zone,
        acceleratorType: inputs.tpuAcceleratorType,
        capacity: env.tpu.capacity,
        network,
        serviceAccount: trainer,
        dataLake: dataLake,
        grantBucketAccess: false,
        preventDestroy: env.deletionProtection,
        betaProvider: stack.googleBeta,
        dependsOn: [trainer.ready, ...trainerDataLakeGrants, network.ready],
        enabled: inputs.enableTpuVm,
      })
    : undefined;
  tpu?.addOutputs();

  const preprocessing = new PreprocessingJob(stack, 'preprocessing', {
    projectId: inputs.projectId,
    region: inputs.region,
    name: stack.naming.name('preprocess'),
    dataLake,
    network,
    worker: identities.dataprocWorker,
    invoker: identities.scheduler,
    schedule: env.preprocessing.schedule,
    timeZone: env.preprocessing.timeZone,
    runAtDeploy: env.preprocessing.runAtDeploy,
  });

  const batch = preprocessing.template;
  const preprocessingRequest = Fn.jsonencode(batch.requestBody.expression);
  const t = env.training;
  const training = env.enableVertexAi
    ? new TrainingRuns(stack, 'training', {
        enabled: inputs.enableVertexAi,
        projectId: inputs.projectId,
        zone: inputs.zone,
        environment: env.name,
        namePrefix: env.namePrefix,
        acceleratorType: inputs.tpuAcceleratorType,
        capacity: env.tpu.capacity,
        slices: t.slices,
        reservation: t.reservation ?? undefined,
        maxWaitSeconds: t.maxWaitMinutes * 60,
        maxRestarts: t.maxRestarts,
        runTimeoutSeconds: t.runTimeoutHours * 3600,
        setup: t.setup ?? undefined,
        command: t.command ?? undefined,
        network,
        dataLake,
        trainer,
        preprocessingRequest,
        labels: env.labels,
      })
    : undefined;
  const vertexPipeline = addVertexAi(stack, {
    training,
    dataLake,
    scheduler: identities.scheduler,
    tpuTrainer: identities.tpuTrainer,
    dataprocWorker: identities.dataprocWorker,
    // The Dataproc batch template, so a pipeline step submits exactly the batch the schedule sends.
    extraParameterValues: {
      dataproc_subnetwork_uri: network.subnetworkId,
      dataproc_main_python_file_uri: batch.definition.mainPythonFileUri,
      dataproc_runtime_version: batch.definition.runtimeVersion,
      dataproc_batch_request: preprocessingRequest,
    },
  });

  const monitoring = env.enableMonitoring
    ? new TrainingMonitoring(stack, 'monitoring', {
        enabled: inputs.enableMonitoring,
        projectId: inputs.projectId,
        environment: env.name,
        region: inputs.region,
        zone: inputs.zone,
        tpuNodeName: inputs.tpuName,
        tpuHosts: findSlice(env.tpu.acceleratorType)?.hosts,
        bucketName: inputs.bucketName,
        notificationEmails: env.monitoring.notificationEmails,
        billingAccount: env.monitoring.billingAccount,
        monthlyBudget: env.monitoring.monthlyBudget,
        budgetCurrency: env.monitoring.currency,
      })
    : undefined;

  return { network, dataLake, identities, tpu, training, preprocessing, vertexPipeline, monitoring };
}
