import { Construct } from 'constructs';
import { outsideBucketsCondition, WORKLOAD_ROLES } from '../../src/catalog';
import { WORKLOAD_WRITE_PREFIXES } from '../contracts';
import { setComponent } from '../../src/core/labels';
import { assertName, Naming } from '../../src/core/naming';
import { WorkloadServiceAccountsProps } from './props';
import { WorkloadServiceAccount } from './service-account';

/**
 * One identity per workload, each with only what it needs:
 * - `tpuTrainer` (the TPU VM's account): writes logs and metrics; reads the whole data lake, writes
 *   only checkpoints/, models/ and runs/ (WORKLOAD_WRITE_PREFIXES).
 * - `dataprocWorker` (Dataproc Serverless batches): `roles/dataproc.worker` (which includes log and
 *   metric writing), conditioned off the data lake's objects; reads the whole data lake, writes only
 *   processed-data/ (Dataproc stages in its own buckets).
 * Nobody writes scripts/ (the code the batches run) but the deployer.
 * - `scheduler` (Cloud Scheduler jobs that launch runs): creates Dataproc Serverless batches, and
 *   Vertex AI pipeline jobs while Vertex AI is enabled; acts as `dataprocWorker` (on that account
 *   only); no data lake access.
 * The Vertex AI pipeline runner is created by the Vertex AI construct, inside its toggled scope, and
 * so are the scheduler's Vertex AI rights (`roles/aiplatform.user`, act-as on the runner): they
 * exist exactly while Vertex AI does.
 */
export class WorkloadServiceAccounts extends Construct {
  readonly tpuTrainer: WorkloadServiceAccount;
  readonly dataprocWorker: WorkloadServiceAccount;
  readonly scheduler: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountsProps) {
    super(scope, id);
    setComponent(this, 'identity');
    assertName('namePrefix', props.namePrefix, `${this.node.path}.namePrefix`);
    const naming = new Naming(props.namePrefix);

    this.tpuTrainer = new WorkloadServiceAccount(this, 'tpu-trainer', {
      projectId: props.projectId,
      accountId: naming.serviceAccountId('tpu-trainer'),
      displayName: 'TPU trainer',
      description: 'Runs training on the TPU VM: reads the data lake, writes checkpoints and models, logs and metrics',
      projectRoles: [WORKLOAD_ROLES.logWriter, WORKLOAD_ROLES.metricWriter],
    });
    this.tpuTrainer.recordGrant(props.dataLake.grantRead(this.tpuTrainer));
    this.tpuTrainer.recordGrant(props.dataLake.grantWrite(this.tpuTrainer, WORKLOAD_WRITE_PREFIXES.tpuTrainer));

    this.dataprocWorker = new WorkloadServiceAccount(this, 'dataproc-worker', {
      projectId: props.projectId,
      accountId: naming.serviceAccountId('dataproc-worker'),
      displayName: 'Dataproc worker',
      description: 'Runs Dataproc Serverless preprocessing batches: raw data in, processed data out',
    });
    // roles/dataproc.worker carries object write on every bucket of the project: conditioned off the
    // data lake (whose bucket grants decide) and the other protected buckets (a state bucket here).
    const protectedBuckets = [props.dataLake.bucketName, ...(props.protectedBuckets ?? [])];
    this.dataprocWorker.grantProjectRole(WORKLOAD_ROLES.dataprocWorker, {
      title: 'not the data lake or state objects',
      description:
        'roles/dataproc.worker everywhere but the objects of the data lake (bucket grants) and of the protected buckets',
      expression: outsideBucketsCondition(protectedBuckets),
    });
    this.dataprocWorker.recordGrant(props.dataLake.grantRead(this.dataprocWorker));
    this.dataprocWorker.recordGrant(
      props.dataLake.grantWrite(this.dataprocWorker, WORKLOAD_WRITE_PREFIXES.dataprocWorker),
    );

    this.scheduler = new WorkloadServiceAccount(this, 'scheduler', {
      projectId: props.projectId,
      accountId: naming.serviceAccountId('scheduler'),
      displayName: 'Run scheduler',
      description: 'Cloud Scheduler jobs launch Dataproc batches and Vertex AI pipeline runs as this account',
    });
    // Its rights come from what it launches, each in that construct's scope: the Dataproc batch
    // template grants batch creation and act-as on the worker; the Vertex AI pipeline grants
    // aiplatform.user and act-as on the runner (and so disappears with it).
  }
}
