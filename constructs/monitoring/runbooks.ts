import { TPU_V6E } from '../../src/catalog';
import { DATA_LAKE_PREFIXES } from '../contracts';
import type { AlertId, AlertInputs } from './alert-inputs';

/**
 * What the person on call reads in the notification: what fired, how to confirm it, what to do.
 * Markdown; no `${...}` of Monitoring's own (Terraform would read it as interpolation), so every
 * name is written out from the stack's inputs.
 */
export interface Runbook {
  readonly title: string;
  readonly content: string;
}

function lines(...parts: string[]): string {
  return parts.join('\n');
}

/**
 * What to do with an idle TPU: a single-host node can be stopped; a multi-host slice (v6e-16 and
 * larger) cannot (nodes.stop refuses it) and must be deleted.
 */
function idleAction(a: AlertInputs, tpu: string): string {
  const stop = `\`gcloud compute tpus tpu-vm stop ${a.tpuNodeName} ${tpu}\``;
  const del = `\`gcloud compute tpus tpu-vm delete ${a.tpuNodeName} ${tpu}\``;
  const redeploy = `the next \`cdktf deploy ${a.environment}\` recreates it`;
  const max = TPU_V6E.stopMaxHosts;
  if (a.tpuHosts === undefined)
    return `a single-host slice (v6e-8 and smaller) can be stopped, ${stop}; a multi-host slice (v6e-16 and larger) cannot be stopped, only deleted: ${del} (${redeploy}).`;
  if (a.tpuHosts > max)
    return `delete the VM, ${del}, and ${redeploy}: this slice has ${a.tpuHosts} hosts, and a multi-host slice cannot be stopped (only single-host nodes can).`;
  // The slice is the configuration's; tpu_accelerator_type may still have been set larger at plan time.
  return `stop the VM, ${stop}, or delete it (${del}) and ${redeploy}. (If tpu_accelerator_type was set to v6e-16 or larger at plan time, the slice is multi-host and cannot be stopped: delete it.)`;
}

export function runbooks(a: AlertInputs): Record<AlertId, Runbook> {
  const tpu = `--zone=${a.zone} --project=${a.projectId}`;
  const checkpoints = `gs://${a.bucketName}/${DATA_LAKE_PREFIXES.checkpoints}/`;
  return {
    'tpu-idle': {
      title: `TPU ${a.tpuNodeName} is running but idle`,
      content: lines(
        `## TPU idle: ${a.tpuNodeName} (${a.environment})`,
        `The TPU VM is up, but its TensorCores did (almost) no work for ${a.tpuIdleMinutes} minutes (duty cycle below ${a.tpuIdleThresholdPercent}%, or every TensorCore idle). An idle TPU is billed like a busy one.`,
        '',
        '**Confirm**',
        `1. Dashboard "${a.dashboardName}": the duty-cycle and TensorCore charts are flat; host CPU shows whether anything runs.`,
        `2. \`gcloud compute tpus tpu-vm ssh ${a.tpuNodeName} ${tpu} --worker=all --command="ps -eo pid,etime,cmd | grep -i python"\``,
        '',
        '**Act**',
        `- Training finished or crashed and nothing is queued: ${idleAction(a, tpu)}`,
        '- Job alive but starved (low duty cycle, busy host CPU, low Cloud Storage throughput): the input pipeline is the bottleneck; check the data loader and the bucket charts.',
        '- Idle on purpose (debugging, waiting for data): acknowledge the incident; it closes when the TPU works again.',
      ),
    },
    'tpu-interrupted': {
      title: `TPU VM interrupted in ${a.zone}`,
      content: lines(
        `## TPU interrupted (${a.environment})`,
        `A TPU VM in ${a.zone} was interrupted: spot or preemptible capacity reclaimed, or a maintenance event. The training job lost its progress since the last checkpoint. The incident names the instance and the interruption reason.`,
        '',
        '**Confirm**',
        `- \`gcloud compute tpus tpu-vm describe ${a.tpuNodeName} ${tpu} --format="value(state,health)"\``,
        '',
        '**Act**',
        `- State PREEMPTED: a preempted VM does not come back. Delete it (\`gcloud compute tpus tpu-vm delete ${a.tpuNodeName} ${tpu}\`) and run \`cdktf deploy ${a.environment}\` to recreate it, then resume from the latest checkpoint under ${checkpoints}.`,
        '- State READY (maintenance): check that the job restarted; if not, restart it from the latest checkpoint.',
        '- Repeated preemptions: ask for a queued resource or on-demand capacity for this environment (`tpu.capacity` in src/config/environments.ts).',
      ),
    },
    'dataproc-batch-failed': {
      title: 'Dataproc batch failed',
      content: lines(
        `## Dataproc batch failed (${a.environment})`,
        `A Dataproc Serverless batch in project ${a.projectId} ended in an error. The notification's \`batch\` label names it.`,
        '',
        '**Confirm**',
        `1. \`gcloud dataproc batches list --region=${a.region} --project=${a.projectId} --filter="state=FAILED" --sort-by=~createTime --limit=5\``,
        `2. \`gcloud dataproc batches describe BATCH_ID --region=${a.region} --project=${a.projectId}\`: read \`stateMessage\`.`,
        '3. Driver output in Logs Explorer: `resource.type="cloud_dataproc_batch" resource.labels.batch_id="BATCH_ID"`.',
        '',
        '**Act**',
        `- Input missing or malformed (under gs://${a.bucketName}/${DATA_LAKE_PREFIXES.raw}/): fix the data, then resubmit with a new batch id (ids cannot be reused).`,
        "- Permission denied: the batch's service account needs roles/dataproc.worker and access to the bucket; whoever submits needs act-as on that account.",
        '- Network errors: the subnet needs Private Google Access; quota errors: lower the executor count or ask for DCU quota.',
      ),
    },
    'vertex-pipeline-failed': {
      title: 'Vertex AI pipeline run failed',
      content: lines(
        `## Vertex AI pipeline run failed (${a.environment})`,
        `A pipeline run in project ${a.projectId} ended in PIPELINE_STATE_FAILED. The notification's \`pipeline_job_id\` label names it.`,
        '',
        '**Confirm**',
        `1. Console: https://console.cloud.google.com/vertex-ai/pipelines/runs?project=${a.projectId} ; open the run and the failed task.`,
        '2. Logs Explorer: `resource.type="aiplatform.googleapis.com/PipelineJob" resource.labels.pipeline_job_id="PIPELINE_JOB_ID"`.',
        '',
        '**Act**',
        `- Permission or storage errors: the runner service account needs roles/aiplatform.user, access to gs://${a.bucketName}/${DATA_LAKE_PREFIXES.pipelineRoot}/ and act-as on the accounts its components use.`,
        '- Quota or capacity errors (TPU, CPUs): retry later or in another zone that offers TPU v6e.',
        '- Code errors in a component: fix, recompile and upload the template, then launch again; cached steps are skipped.',
      ),
    },
    'training-run-failed': {
      title: 'Training run failed',
      content: lines(
        `## Training run failed (${a.environment})`,
        `A step of a training run (preprocess, train or publish) ended with an \`error: \` line. The TPU request of the run has been deleted (the train step deletes it on every exit); results and logs are under gs://${a.bucketName}/${DATA_LAKE_PREFIXES.runs}/RUN_ID/.`,
        '',
        '**Confirm**',
        `1. Console: https://console.cloud.google.com/vertex-ai/pipelines/runs?project=${a.projectId} ; open the run and the failed task, read its last line.`,
        `2. Worker output: \`gcloud storage cat gs://${a.bucketName}/${DATA_LAKE_PREFIXES.runs}/RUN_ID/log-0.txt\`.`,
        `3. Nothing left behind: \`gcloud compute tpus queued-resources list --zone=${a.zone} --project=${a.projectId}\`.`,
        '',
        '**Act**',
        '- "training command exited with code N": a bug or a bad input in the command; fix it and start a run again (it resumes from CHECKPOINT_DIR).',
        '- "restart budget exhausted": Spot capacity keeps being reclaimed; raise training.maxRestarts or use on-demand capacity.',
        '- 403 or 429: the runner lacks a permission, or the project lacks v6e quota for this capacity mode (docs/tpu.md, quota).',
      ),
    },
    'training-capacity-wait': {
      title: 'Training run waited too long for TPU capacity',
      content: lines(
        `## Training run waited too long for TPU capacity (${a.environment})`,
        `A run's TPU request in ${a.zone} failed before it became ACTIVE: its wait (training.maxWaitMinutes) ran out, or quota or capacity is missing. The request has been deleted.`,
        '',
        '**Confirm**',
        `1. The run's train task in https://console.cloud.google.com/vertex-ai/pipelines/runs?project=${a.projectId} : its last line carries Google's message.`,
        `2. Quota: \`gcloud compute tpus queued-resources list --zone=${a.zone} --project=${a.projectId}\` and the TPU v6e quota page of the project (spot draws on preemptible quota).`,
        '',
        '**Act**',
        '- Quota 0 or too low: request v6e quota for this zone and capacity mode through Google Cloud support.',
        '- Capacity short: allow a longer wait, start runs at other hours, use a reservation, or another zone that offers v6e.',
      ),
    },
    'janitor-deleted-active': {
      title: 'The janitor deleted an ACTIVE TPU request',
      content: lines(
        `## The janitor deleted an ACTIVE TPU request (${a.environment})`,
        `A TPU queued resource of a training run in ${a.zone} was ACTIVE (billed) and older than any run may live (its run timeout plus an hour), so no train step was looking after it: it had been billing since its run ended. The janitor deleted it. What it deleted: gs://${a.bucketName}/${DATA_LAKE_PREFIXES.runs}/janitor/.`,
        '',
        '**Confirm**',
        `1. \`gcloud storage cat gs://${a.bucketName}/${DATA_LAKE_PREFIXES.runs}/janitor/JANITOR_RUN.json\`: the request, its run id and why.`,
        `2. The run of that id in https://console.cloud.google.com/vertex-ai/pipelines/runs?project=${a.projectId} : did its train step end without deleting (killed, or cancelled past its grace period)?`,
        '',
        '**Act**',
        '- Once: nothing more (the janitor did its job). Repeatedly: find why train steps end without cleaning up (SIGKILL after cancellation, a crashed task) and lower the janitor schedule interval meanwhile.',
      ),
    },
    'scheduler-launch-failed': {
      title: 'A scheduled launch was refused',
      content: lines(
        `## Scheduled launch refused (${a.environment})`,
        `A Cloud Scheduler job in project ${a.projectId} sent its request and the API refused it (the Dataproc batches API for preprocessing, the Vertex AI pipelineJobs API for pipeline runs, or any later launcher). Nothing was started, so no batch or pipeline alert will follow. The notification's \`job_id\` label names the job.`,
        '',
        '**Confirm**',
        `1. \`gcloud scheduler jobs describe JOB_ID --location=${a.region} --project=${a.projectId} --format="value(state,status)"\``,
        '2. Logs Explorer: `resource.type="cloud_scheduler_job" resource.labels.job_id="JOB_ID" severity>=ERROR`; the entry gives the HTTP status the target answered.',
        '',
        '**Act**',
        "- 401/403: the scheduler's service account lost a right: creating batches (its custom role) or pipeline jobs (roles/aiplatform.user), or act-as on the account the run uses.",
        '- 400: the request body is refused (runtime version, template URI or parameters); fix the configuration and deploy again.',
        '- 404: the pipeline template or tag does not exist in the KFP repository; upload it.',
        '- 429 or RESOURCE_EXHAUSTED: quota; wait or ask for more. Retry by hand once fixed:',
        `  \`gcloud scheduler jobs run JOB_ID --location=${a.region} --project=${a.projectId}\``,
      ),
    },
    'gcs-server-errors': {
      title: `Cloud Storage server errors on ${a.bucketName}`,
      content: lines(
        `## Cloud Storage server errors: ${a.bucketName} (${a.environment})`,
        `More than ${Number((a.gcsServerErrorRatio * 100).toFixed(2))}% of requests to gs://${a.bucketName} got a server error (5xx: INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED, ...) for 5 minutes. Training and preprocessing may stall or fail.`,
        '',
        '**Confirm**',
        `1. Dashboard "${a.dashboardName}": Cloud Storage request rate by method; a sudden jump in request rate often comes first.`,
        "2. https://status.cloud.google.com for a Cloud Storage incident in the bucket's region.",
        '',
        '**Act**',
        '- Clients must retry 5xx with exponential backoff (the Google client libraries and Cloud Storage FUSE do); check that custom loaders do too.',
        '- Request-rate spike from many small reads: shard data into larger files, lower loader parallelism, ramp up gradually.',
        '- Persisting without a known incident: open a support case with the bucket name and the time window.',
      ),
    },
  };
}
