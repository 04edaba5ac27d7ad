import {
  DefaultTokenResolver,
  Fn,
  ITerraformDependable,
  Lazy,
  StringConcat,
  TerraformLocal,
  TerraformOutput,
  TerraformStack,
  Tokenization,
} from 'cdktf';
import { Construct } from 'constructs';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import { DataprocBatch } from '@cdktf/provider-google/lib/dataproc-batch';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { CLOUD_SCHEDULER, DATAPROC_SERVERLESS } from '../../src/catalog';
import { InputError } from '../../src/core/errors';
import { effectiveLabels } from '../../src/core/labels';
import { emitOutput } from '../../src/core/outputs';

import { DataprocBatchTemplateProps } from './props';
import { DEFAULT_SPARK_PROPERTIES, isoDay, PysparkBatchDefinition } from './batch-definition';
import { batchWorkload, gcloudCommand, gcloudLabelsFlag, hashedBatchId, restBody } from './render';
import { checkBatchDefinition, checkTemplateSettings } from './validate';

/** Cloud Scheduler needs a schedule even for a paused job: this one (yearly) is never used while paused. */
export const PAUSED_PLACEHOLDER_SCHEDULE = '0 0 1 1 *';

/**
 * A PySpark batch for Serverless for Apache Spark, defined once and runnable three ways: the stack
 * output `<name>_submit_command` (gcloud, by hand), a Cloud Scheduler job that POSTs the same body to
 * the batches API (paused unless given a schedule), and optionally a google_dataproc_batch at deploy.
 *
 * @example new DataprocBatchTemplate(this, 'preprocessing', { projectId, region, name: 'tpu-dev-preprocess',
 *   mainPythonFileUri: bucket.gsUri('scripts', 'job.py'), worker, network, stagingBucketName: bucket.bucketName, invoker });
 */
export class DataprocBatchTemplate extends Construct {
  readonly definition: PysparkBatchDefinition;
  /** The gcloud command, as a string with tokens. */
  readonly submitCommand: string;
  readonly commandOutput: TerraformOutput;
  /** The REST body (a Terraform local): Cloud Scheduler sends `base64encode(jsonencode(local))`. */
  readonly requestBody: TerraformLocal;
  readonly schedulerJob: CloudSchedulerJob;
  /** The deploy-time run, when `runAtDeploy`. */
  readonly deployRun?: DataprocBatch;

  constructor(scope: Construct, id: string, props: DataprocBatchTemplateProps) {
    super(scope, id);
    const ownLabels = props.labels ?? {};
    this.definition = {
      projectId: props.projectId,
      region: props.region,
      mainPythonFileUri: props.mainPythonFileUri,
      args: props.args ?? [],
      pythonFileUris: props.pythonFileUris ?? [],
      fileUris: props.fileUris ?? [],
      runtimeVersion: props.runtimeVersion ?? DATAPROC_SERVERLESS.defaultRuntimeVersion,
      sparkProperties: { ...DEFAULT_SPARK_PROPERTIES, ...props.sparkProperties },
      serviceAccountEmail: props.worker.email,
      subnetworkUri: props.network.subnetworkId,
      // The network admits executor-to-executor traffic only between VMs with this tag.
      networkTags: [props.network.tags.dataproc],
      stagingBucketName: props.stagingBucketName,
      ttlSeconds: props.ttlSeconds ?? DATAPROC_SERVERLESS.ttl.defaultSeconds,
    };
    const schedule = props.schedule ?? null;
    const timeZone = props.timeZone ?? 'Etc/UTC';
    const outputName = props.commandOutputName ?? `${id.replace(/[^A-Za-z0-9_]/g, '_')}_submit_command`;
    const problems = [
      ...checkBatchDefinition(this.definition, this.node.path, props.today ?? isoDay(new Date())),
      ...checkTemplateSettings({ name: props.name, schedule, timeZone, outputName, labels: ownLabels }, this.node.path),
    ];
    if (problems.length) throw new InputError(problems);

    // Labels are settled at synth, once the stack's labels aspect is known: the same for all three.
    const labels = () => effectiveLabels(this, ownLabels);

    this.submitCommand = gcloudCommand(this.definition, {
      batchIdPrefix: props.name,
      labelsFlag: Lazy.stringValue({ produce: () => gcloudLabelsFlag(labels()) }),
    });
    this.commandOutput = emitOutput(
      this,
      outputName,
      this.submitCommand,
      `Runs ${props.name} once by hand: the same batch the Cloud Scheduler job sends`,
      {
        id: 'submit-command',
      },
    );

    this.requestBody = new TerraformLocal(
      this,
      'request-body',
      restBody(this.definition, Lazy.anyValue({ produce: labels })),
    );

    const invokerGrants = this.grantInvoker(props);
    const workerRole = props.worker.grantProjectRole(DATAPROC_SERVERLESS.workerRole);

    this.schedulerJob = new CloudSchedulerJob(this, 'schedule', {
      project: props.projectId,
      region: props.region,
      name: props.name,
      description: `Creates a Serverless for Apache Spark batch (${props.name}); ${schedule === null ? 'paused' : `runs on "${schedule}" ${timeZone}`}`,
      schedule: schedule ?? PAUSED_PLACEHOLDER_SCHEDULE,
      timeZone,
      paused: schedule === null,
      // No retries: without a batch id a retried POST could start a second, concurrent run.
      retryConfig: { retryCount: 0 },
      httpTarget: {
        uri: DATAPROC_SERVERLESS.batchesEndpoint(props.projectId, props.region),
        httpMethod: 'POST',
        headers: { ...CLOUD_SCHEDULER.jsonHeaders },
        body: Fn.base64encode(Fn.jsonencode(this.requestBody.expression)),
        oauthToken: { serviceAccountEmail: props.invoker.email, scope: DATAPROC_SERVERLESS.oauthScope },
      },
      // Both grants: without act-as on the worker, a run fired before IAM has the grant fails. And the
      // network's Dataproc rule, without which the batch's executors cannot reach each other.
      dependsOn: [...(props.dependsOn ?? []), ...invokerGrants, props.network.dataprocIngress],
    });

    if (props.runAtDeploy) {
      this.deployRun = new DataprocBatch(this, 'deploy-run', {
        project: props.projectId,
        location: props.region,
        batchId: Lazy.stringValue({ produce: () => this.deployBatchId(props.name, labels()) }),
        ...batchWorkload(this.definition),
        labels: Object.keys(ownLabels).length ? { ...ownLabels } : undefined,
        // Terraform waits for the batch to finish: give it as long as Dataproc would.
        timeouts: { create: `${this.definition.ttlSeconds}s` },
        // The batch runs at once: its worker must hold roles/dataproc.worker, IAM must have caught up
        // with that and the worker's bucket grants (its `ready` pause), and its executors must be able
        // to reach each other (the network's Dataproc firewall rule).
        dependsOn: [...(props.dependsOn ?? []), workerRole, props.worker.ready, props.network.dataprocIngress],
      });
    }
  }

  /**
   * Lets the invoker create batches (project level: batches have no IAM of their own) and act as the
   * worker. Returns both grants, for the scheduler job to wait for.
   */
  private grantInvoker(props: DataprocBatchTemplateProps): [ProjectIamMember, ITerraformDependable] {
    let role: string = DATAPROC_SERVERLESS.narrowestPredefinedCreateRole;
    if ((props.invokerRole ?? 'custom') === 'custom') {
      role = new ProjectIamCustomRole(this, 'invoker-role', {
        project: props.projectId,
        roleId: `${props.name.replace(/-/g, '_')}_batch_creator`,
        title: `Create Dataproc batches (${props.name})`,
        description: 'Only dataproc.batches.create: what Cloud Scheduler needs to start a batch',
        permissions: [...DATAPROC_SERVERLESS.createPermissions],
      }).name;
    }
    const member = new ProjectIamMember(this, 'invoker-creates-batches', {
      project: props.projectId,
      role,
      member: props.invoker.member,
    });
    // Named by this template's path in the stack, so two templates sharing a worker do not collide.
    const scopes = this.node.scopes;
    const where = scopes
      .slice(scopes.indexOf(TerraformStack.of(this)) + 1)
      .map((c) => c.node.id)
      .join('-');
    const actAs = props.worker.grantActAs(props.invoker, `${where}-invoker`);
    return [member, actAs];
  }

  /** `<name>-<10 hex>`: a hash of everything the batch is made of (as synthesized), so a changed batch gets a new id. */
  private deployBatchId(name: string, labels: Record<string, string>): string {
    const resolver = new DefaultTokenResolver(new StringConcat());
    return hashedBatchId(
      name,
      Tokenization.resolve({ definition: this.definition, labels }, { scope: this, resolver }),
    );
  }
}
