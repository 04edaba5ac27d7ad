import { TPU_GCLOUD, TpuSlice } from '../../src/catalog';
import { IDataLake } from '../contracts';
import {
  DATA_LAKE_ENV,
  DATA_LAKE_ENV_FILE,
  DATA_LAKE_MOUNT,
  LOAD_DATA_LAKE_ENV,
  TRAINING_HOME,
  TRAINING_USER,
} from './startup-script';

/** `text` inside double quotes for bash: `\`, `"`, `$` and backticks escaped, so the inner shell sees them. */
function doubleQuoted(text: string): string {
  return `"${text.replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

export interface ManualStepsOptions {
  readonly projectId: string;
  readonly name: string;
  readonly zone: string;
  readonly dataLake: IDataLake;
  /** Known when the accelerator type is a literal. */
  readonly slice: TpuSlice | undefined;
  /** Local directory copied to the workers' home directories. */
  readonly trainingCodeDir: string;
  readonly trainingCommand: string;
  /** Set with provisioning "queued": the name of the queued resource. */
  readonly queuedResourceName?: string;
}

/** The post-deployment steps, as commands with this environment's values filled in. */
export interface TpuManualSteps {
  /** Which workers the commands reach, and why `--worker=all`. */
  readonly workers: string;
  /** Queued mode only: wait until the queued resource is ACTIVE. */
  readonly waitForCapacityCommand?: string;
  /** Queued mode only: run the data lake setup on every worker (no startup script there). */
  readonly setupCommand?: string;
  readonly copyCodeCommand: string;
  readonly startTrainingCommand: string;
  readonly followLogCommand: string;
  readonly sshCommand: string;
  /** Where the data, checkpoints and models are, on the VM and in Cloud Storage. */
  readonly dataLocations: string;
}

/**
 * The manual steps for one TPU. Every command that must reach all workers of a
 * multi-host slice (v6e-16 and larger) says `--worker=all`; it is harmless on one host.
 */
export function tpuManualSteps(
  o: ManualStepsOptions,
  setupScriptOutput = 'tpu_data_lake_setup_script',
): TpuManualSteps {
  const all = TPU_GCLOUD.allWorkers;
  const flags = `--project=${o.projectId} --zone=${o.zone} ${TPU_GCLOUD.iap}`;
  const ssh = (command: string, workers: string = all) =>
    `${TPU_GCLOUD.command} ssh ${o.name} ${flags} ${workers} --command='${command}'`;
  const scp = (from: string, to: string, recurse = false) =>
    `${TPU_GCLOUD.command} scp ${recurse ? '--recurse ' : ''}${from} ${o.name}:${to} ${flags} ${all}`;
  const codeDir = o.trainingCodeDir.replace(/\/+$/, '');
  const codeName = codeDir.split('/').pop() as string;
  // Training runs as the training user, who owns the data lake mount: the code copied to the SSH
  // user's home goes to the training user's, and the command runs there as that user (sudo).
  const trainingDir = `${TRAINING_HOME}/${codeName}`;
  const install = `sudo rm -rf ${trainingDir} && sudo cp -r ~/${codeName} ${TRAINING_HOME}/ && sudo chown -R ${TRAINING_USER}: ${trainingDir}`;
  const workers = o.slice
    ? o.slice.hosts > 1
      ? `${o.slice.acceleratorType} has ${o.slice.hosts} hosts (workers 0-${o.slice.hosts - 1}): every command here uses ${all}; without it gcloud reaches worker 0 only`
      : `${o.slice.acceleratorType} has 1 host; the commands use ${all} all the same, so they stay right for multi-host slices (v6e-16 and larger)`
    : `the commands use ${all}: multi-host slices (v6e-16 and larger) have one worker per host, and without it gcloud reaches worker 0 only`;
  const locations = Object.entries(DATA_LAKE_ENV)
    .map(([name, prefix]) => `${name}_DIR=${DATA_LAKE_MOUNT}/${prefix} (${o.dataLake.gsUri(prefix)})`)
    .join('; ');
  const queued = o.queuedResourceName;
  return {
    workers,
    waitForCapacityCommand: queued
      ? `${TPU_GCLOUD.queuedResourceCommand} describe ${queued} --project=${o.projectId} --zone=${o.zone} --format='value(state.state)'`
      : undefined,
    setupCommand: queued
      ? `terraform output -raw ${setupScriptOutput} > data-lake-setup.sh && ${scp('data-lake-setup.sh', '~/data-lake-setup.sh')} && ${ssh('sudo bash ~/data-lake-setup.sh')}`
      : undefined,
    copyCodeCommand: scp(codeDir, '~/', true),
    startTrainingCommand: ssh(
      `${install} && sudo -u ${TRAINING_USER} -H bash -c ${doubleQuoted(`${LOAD_DATA_LAKE_ENV} && cd ${trainingDir} && nohup ${o.trainingCommand} > ${TRAINING_HOME}/train.log 2>&1 &`)}`,
    ),
    followLogCommand: ssh(`sudo tail -n 50 -f ${TRAINING_HOME}/train.log`, '--worker=0'),
    sshCommand: `${TPU_GCLOUD.command} ssh ${o.name} ${flags} --worker=0`,
    dataLocations: `bucket ${o.dataLake.gsUri()} mounted at ${DATA_LAKE_MOUNT} on every worker, owned by the user ${TRAINING_USER} (training runs as it); ${locations}; the variables are in ${DATA_LAKE_ENV_FILE}`,
  };
}
