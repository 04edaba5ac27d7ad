import { Aspects, GcsBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { TOOLCHAIN } from '../src/catalog';
import { EnvironmentConfig } from '../src/config';
import { LabelsAspect, MANAGED_BY } from '../src/labels';
import { countedAddresses, rewriteCountedReferences, ToggleAspect } from '../src/toggle';
import { Naming } from '../src/naming';
import { checkStackPolicy } from '../src/policy';
import { ProjectServices } from '../constructs/project-services';
import { DataLakeBucket } from '../constructs/data-lake-bucket';
import { TrainingNetwork } from '../constructs/network';
import { ServiceAccounts } from '../constructs/service-accounts';
import { TpuV6eNode } from '../constructs/tpu-node';
import { VertexPipeline } from '../constructs/vertex-pipeline';
import { TrainingMonitoring } from '../constructs/monitoring';
import { PreprocessingJob } from '../constructs/preprocessing-job';
import { addVertexPipeline } from './vertex-pipeline';
import { StackInputs } from './inputs';

/**
 * One environment (dev, staging or prod): providers pinned to the catalog's version, a GCS state
 * backend, the recipe's inputs as variables, the APIs it uses, and the training pipeline.
 */
export class EnvironmentStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly inputs: StackInputs;
  readonly naming: Naming;
  readonly services: ProjectServices;
  readonly google: GoogleProvider;
  readonly googleBeta: GoogleBetaProvider;
  /** The VPC and subnet workloads attach to (ITrainingNetwork). */
  readonly network: TrainingNetwork;
  /** The data lake bucket (IDataBucket): grant access with grantRead / grantReadWrite. */
  readonly dataLake: DataLakeBucket;
  /** The workload identities: tpuTrainer, dataprocWorker, scheduler (IServiceAccount each). */
  readonly identities: ServiceAccounts;
  /** The TPU v6e slice (google-beta), with the recipe's post-deployment steps as outputs. */
  readonly tpu: TpuV6eNode;
  /** Vertex AI pipelines (runner, KFP repository, Tensorboard, launcher), when the environment enables them. */
  readonly vertexPipeline?: VertexPipeline;
  /** The preprocessing job: its script in the bucket and its Dataproc Serverless batch template. */
  readonly preprocessing: PreprocessingJob;
  /** Dashboard, alerts, channels and budget, when the environment enables monitoring. */
  readonly monitoring?: TrainingMonitoring;

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env.name);
    this.env = env;
    this.naming = new Naming(env.namePrefix);
    this.inputs = new StackInputs(this, env);

    const providerConfig = {
      project: this.inputs.projectId,
      region: this.inputs.region,
      zone: this.inputs.zone,
    };
    this.google = new GoogleProvider(this, 'google', providerConfig);
    this.googleBeta = new GoogleBetaProvider(this, 'google-beta', providerConfig);
    for (const provider of [this.google, this.googleBeta]) {
      // Set by override: cdktf would rewrite the key `managed-by` to `managed_by` in provider blocks.
      provider.addOverride('default_labels', { environment: env.name, 'managed-by': MANAGED_BY });
      const name = provider.terraformResourceType;
      this.addOverride(`terraform.required_providers.${name}`, {
        source: `hashicorp/${name}`,
        version: TOOLCHAIN.googleProviderVersion,
      });
    }

    new GcsBackend(this, { bucket: env.stateBackend.bucket, prefix: env.stateBackend.prefix });

    this.services = new ProjectServices(this, 'services', { projectId: this.inputs.projectId });

    this.output('project_id', this.inputs.projectId, 'Project the stack deploys into');

    const { inputs } = this;
    this.network = new TrainingNetwork(this, 'network', {
      projectId: inputs.projectId, region: inputs.region, mode: env.network.mode, cloudNat: env.network.cloudNat,
      networkName: inputs.networkName, subnetName: inputs.subnetName, subnetCidr: env.network.subnetCidr, namePrefix: env.namePrefix,
    });
    const encryption = env.bucket.encryption ?? 'google-managed';
    this.dataLake = new DataLakeBucket(this, 'data-lake', {
      projectId: inputs.projectId, bucketName: inputs.bucketName, location: inputs.region, zone: inputs.zone, namePrefix: env.namePrefix,
      deletionProtection: env.deletionProtection, hierarchicalNamespace: env.bucket.hierarchicalNamespace,
      createKmsKey: encryption === 'cmek', kmsKeyName: encryption.startsWith('projects/') ? encryption : undefined,
      anywhereCache: env.bucket.anywhereCache, accessLogs: env.bucket.accessLogs, dataAccessAuditLogs: env.bucket.dataAccessAuditLogs,
    });
    this.identities = new ServiceAccounts(this, 'identities', {
      projectId: inputs.projectId, namePrefix: env.namePrefix, bucket: this.dataLake,
    });
    this.output('data_lake_bucket', this.dataLake.bucketName, 'Data lake bucket name');
    this.output('data_lake_url', this.dataLake.url, 'Data lake URL (gs://...); prefixes: raw-data, processed-data, checkpoints, models, scripts, pipeline-root');
    this.output('network_id', this.network.networkId, 'VPC network id');
    this.output('subnetwork_id', this.network.subnetworkId, 'Subnet id (projects/<p>/regions/<r>/subnetworks/<name>)');
    this.output('tpu_trainer_service_account', this.identities.tpuTrainer.email, 'Service account of the TPU VM');
    this.output('dataproc_worker_service_account', this.identities.dataprocWorker.email, 'Service account Dataproc Serverless batches run as');
    this.output('scheduler_service_account', this.identities.scheduler.email, 'Service account that launches runs (Cloud Scheduler)');

    this.tpu = new TpuV6eNode(this, 'tpu', {
      projectId: inputs.projectId, name: inputs.tpuName, zone: inputs.zone, acceleratorType: inputs.tpuAcceleratorType,
      capacity: env.tpu.capacity, network: this.network, serviceAccount: this.identities.tpuTrainer,
      dataBucket: this.dataLake, grantBucketAccess: false, preventDestroy: env.deletionProtection, provider: this.googleBeta,
    });
    this.tpu.addOutputs();

    this.preprocessing = new PreprocessingJob(this, 'preprocessing', {
      projectId: inputs.projectId, region: inputs.region, name: this.naming.name('preprocess'),
      dataLake: this.dataLake, network: this.network, worker: this.identities.dataprocWorker, invoker: this.identities.scheduler,
      schedule: env.preprocessing.schedule, timeZone: env.preprocessing.timeZone, runAtDeploy: env.preprocessing.runAtDeploy,
    });

    this.vertexPipeline = addVertexPipeline(this, {
      dataLake: this.dataLake, scheduler: this.identities.scheduler,
      tpuTrainer: this.identities.tpuTrainer, dataprocWorker: this.identities.dataprocWorker,
      extraParameterValues: { dataproc_subnetwork_uri: this.network.subnetworkId },
    });

    if (env.enableMonitoring) {
      this.monitoring = new TrainingMonitoring(this, 'monitoring', {
        enabled: inputs.enableMonitoring, projectId: inputs.projectId, environment: env.name,
        region: inputs.region, zone: inputs.zone, tpuNodeName: inputs.tpuName, bucketName: inputs.bucketName,
        notificationEmails: env.monitoring.notificationEmails, billingAccount: env.monitoring.billingAccount,
        monthlyBudgetUsd: env.monitoring.monthlyBudgetUsd,
      });
    }

    Aspects.of(this).add(new LabelsAspect(env.name, env.labels));
    Aspects.of(this).add(this.services.dependencyAspect());
    Aspects.of(this).add(new ToggleAspect());
  }

  /**
   * Terraform JSON, with references to toggled (counted) resources made per instance, checked by the
   * policy pack (src/policy): an error-level finding throws PolicyError. This is the one place that
   * sees the JSON exactly as written, after every aspect (labels, toggles) has run.
   */
  override toTerraform(): Record<string, unknown> {
    const tf = rewriteCountedReferences(super.toTerraform() as Record<string, unknown>, countedAddresses(this));
    return checkStackPolicy(this, tf);
  }

  /** `cdktf synth --hcl` writes HCL instead of JSON: the policy pack still checks the JSON first. */
  override toHclTerraform(): ReturnType<TerraformStack['toHclTerraform']> {
    this.toTerraform();
    return super.toHclTerraform();
  }

  /** A stack output named exactly `name` (outputs and variables may share names in Terraform). */
  output(name: string, value: string, description: string, sensitive = false): TerraformOutput {
    const out = new TerraformOutput(this, `output-${name}`, { value, description, sensitive });
    out.overrideLogicalId(name);
    return out;
  }
}
