import { Construct } from 'constructs';
import { WORKLOAD_ROLES } from '../../src/catalog';
import { setComponent } from '../../src/core/labels';
import { assertName, Naming } from '../../src/core/naming';
import { IDataBucket } from '../contracts';
import { WorkloadIdentity } from './service-account';

export interface ServiceAccountsProps {
  readonly projectId: string;
  /** Account ids are `<prefix>-tpu-trainer`, `<prefix>-dataproc-worker`, `<prefix>-scheduler`. */
  readonly namePrefix: string;
  /** The data lake: each identity's object access is granted here, on the bucket. */
  readonly bucket: IDataBucket;
}

/**
 * One identity per workload, each with only what it needs:
 * - `tpuTrainer` (the TPU VM's account): writes logs and metrics; reads and writes the data lake
 *   (reads processed data, writes checkpoints and models).
 * - `dataprocWorker` (Dataproc Serverless batches): `roles/dataproc.worker` (which includes log and
 *   metric writing); reads and writes the data lake (raw in, processed out).
 * - `scheduler` (Cloud Scheduler jobs that launch runs): creates Dataproc Serverless batches, and
 *   Vertex AI pipeline jobs while Vertex AI is enabled; acts as `dataprocWorker` (on that account
 *   only); no data lake access.
 * The Vertex AI pipeline runner is created by the Vertex AI construct, inside its toggled scope, and
 * so are the scheduler's Vertex AI rights (`roles/aiplatform.user`, act-as on the runner): they
 * exist exactly while Vertex AI does.
 */
export class ServiceAccounts extends Construct {
  readonly tpuTrainer: WorkloadIdentity;
  readonly dataprocWorker: WorkloadIdentity;
  readonly scheduler: WorkloadIdentity;

  constructor(scope: Construct, id: string, props: ServiceAccountsProps) {
    super(scope, id);
    setComponent(this, 'identity');
    assertName('namePrefix', props.namePrefix, `${this.node.path}.namePrefix`);
    const naming = new Naming(props.namePrefix);

    this.tpuTrainer = new WorkloadIdentity(this, 'tpu-trainer', {
      projectId: props.projectId,
      accountId: naming.serviceAccountId('tpu-trainer'),
      displayName: 'TPU trainer',
      description: 'Runs training on the TPU VM: reads the data lake, writes checkpoints and models, logs and metrics',
      projectRoles: [WORKLOAD_ROLES.logWriter, WORKLOAD_ROLES.metricWriter],
    });
    props.bucket.grantReadWrite(this.tpuTrainer);

    this.dataprocWorker = new WorkloadIdentity(this, 'dataproc-worker', {
      projectId: props.projectId,
      accountId: naming.serviceAccountId('dataproc-worker'),
      displayName: 'Dataproc worker',
      description: 'Runs Dataproc Serverless preprocessing batches: raw data in, processed data out',
      projectRoles: [WORKLOAD_ROLES.dataprocWorker],
    });
    props.bucket.grantReadWrite(this.dataprocWorker);

    this.scheduler = new WorkloadIdentity(this, 'scheduler', {
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
