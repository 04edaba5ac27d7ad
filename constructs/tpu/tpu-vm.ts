import { conditional, IResolvable, TerraformOutput, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { GoogleTpuV2Vm } from '@cdktf/provider-google-beta/lib/google-tpu-v2-vm';
import { GoogleTpuV2QueuedResource } from '@cdktf/provider-google-beta/lib/google-tpu-v2-queued-resource';
import { CapacityMode, findSlice, TPU_V6E, TPU_VM, tpuHourlyPrice, TpuHourlyPrice, TpuSlice } from '../../src/catalog';
import { InputError } from '../../src/core/errors';
import { setComponent } from '../../src/core/labels';
import { emitOutput } from '../../src/core/outputs';
import { toggleWith } from '../../src/core/toggle';
import { IServiceAccount, WORKLOAD_WRITE_PREFIXES } from '../contracts';
import { TpuProvisioning, TpuV6eNodeProps } from './props';
import { TpuManualSteps, tpuManualSteps } from './manual-steps';
import { DATA_LAKE_MOUNT, dataLakeStartupScript, TRAINING_HOME, TRAINING_USER } from './startup-script';
import { tpuNodeProblems } from './validate';

/**
 * A Cloud TPU v6e slice (google-beta `google_tpu_v2_vm`, or `google_tpu_v2_queued_resource`), ready to
 * train when it boots: internal IPs only, its own service account with explicit scopes, and a startup
 * script that mounts the data lake with Cloud Storage FUSE on every worker.
 *
 * @example new TpuV6eNode(stack, 'tpu', { projectId, name: 'tpu-dev-trainer', zone: 'us-central1-b', acceleratorType: 'v6e-4', capacity: 'spot', network, serviceAccount, dataLake })
 */
export class TpuV6eNode extends Construct {
  /** The TPU VM (provisioning `direct`). */
  readonly vm?: GoogleTpuV2Vm;
  /** The queued resource (provisioning `queued`). */
  readonly queuedResource?: GoogleTpuV2QueuedResource;
  readonly name: string;
  readonly zone: string;
  readonly acceleratorType: string;
  readonly capacity: CapacityMode;
  readonly provisioning: TpuProvisioning;
  /** The slice's shape, when the accelerator type is a literal. */
  readonly slice?: TpuSlice;
  /** What the slice costs per hour (catalog prices), when the accelerator type is a literal. */
  readonly hourlyPrice?: TpuHourlyPrice;
  /** Where every worker mounts the data lake. */
  readonly mountPath = DATA_LAKE_MOUNT;
  /** The startup script (in metadata with `direct`; run through the manual setup step with `queued`). */
  readonly startupScript: string;
  private readonly enabled?: boolean | IResolvable;
  /** The post-deployment steps, filled in. */
  readonly manualSteps: TpuManualSteps;

  constructor(scope: Construct, id: string, props: TpuV6eNodeProps) {
    super(scope, id);
    const problems = tpuNodeProblems(this.node.path, props);
    if (problems.length) throw new InputError(problems);
    setComponent(this, 'tpu');
    if (props.enabled !== undefined) toggleWith(this, props.enabled);
    this.enabled = props.enabled;

    this.name = props.name;
    this.zone = props.zone;
    this.acceleratorType = props.acceleratorType;
    this.capacity = props.capacity;
    this.provisioning = props.provisioning ?? 'direct';
    this.slice = findSlice(props.acceleratorType);
    this.hourlyPrice = this.slice ? tpuHourlyPrice(props.acceleratorType, props.capacity) : undefined;
    this.startupScript = dataLakeStartupScript({
      bucketName: props.dataLake.bucketName,
      fileCacheMemoryPercent: props.fileCacheMemoryPercent ?? 25,
    });

    const provider = props.betaProvider ?? findGoogleBeta(this);
    const runtimeVersion = props.runtimeVersion ?? TPU_V6E.runtimeVersion;
    const networkConfig = {
      network: props.network.networkId,
      subnetwork: props.network.subnetworkId,
      enableExternalIps: false,
      canIpForward: false,
    };
    const preventDestroy = props.preventDestroy ? { preventDestroy: true } : {};
    const description = props.description ?? `Cloud TPU ${props.acceleratorType} for training`;
    let queuedResourceName: string | undefined;

    if (this.provisioning === 'direct') {
      const sa = props.serviceAccount as IServiceAccount; // checked by tpuNodeProblems
      this.vm = new GoogleTpuV2Vm(this, 'vm', {
        provider,
        project: props.projectId,
        name: props.name,
        zone: props.zone,
        description,
        acceleratorType: props.acceleratorType,
        runtimeVersion,
        networkConfig,
        serviceAccount: { email: sa.email, scope: [...(props.scopes ?? TPU_VM.defaultScopes)] },
        schedulingConfig:
          props.capacity === 'spot' ? { spot: true } : props.capacity === 'reserved' ? { reserved: true } : undefined,
        shieldedInstanceConfig: props.secureBoot ? { enableSecureBoot: true } : undefined,
        labels: { ...props.labels },
        // OS Login by default: SSH access by IAM role, not by keys in metadata (props.metadata may say FALSE).
        metadata: { [TPU_VM.osLoginKey]: 'TRUE', ...props.metadata, [TPU_VM.startupScriptKey]: this.startupScript },
        // The network's TPU tag first: its firewall rules admit SSH and worker-to-worker traffic by it.
        tags: [...new Set([props.network.tags.tpu, ...(props.networkTags ?? [])])],
        lifecycle: {
          ...preventDestroy,
          ignoreChanges: [
            // gcloud tpu-vm ssh/scp (the outputs' commands) add users' keys here, OS Login or not:
            // without this the next apply would remove them in place.
            `metadata["${TPU_VM.sshKeysKey}"]`,
            // Insurance: if the API reports a Spot node as preemptible too, that immutable field would
            // otherwise show a diff and replace the TPU on every apply.
            ...(props.capacity === 'spot' ? ['scheduling_config[0].preemptible'] : []),
          ],
        },
        dependsOn: props.dependsOn,
      });
      if (props.grantBucketAccess ?? true) {
        props.dataLake.grantRead(sa);
        props.dataLake.grantWrite(sa, WORKLOAD_WRITE_PREFIXES.tpuTrainer);
      }
    } else {
      queuedResourceName = `${props.name}-qr`;
      this.queuedResource = new GoogleTpuV2QueuedResource(this, 'queued-resource', {
        provider,
        project: props.projectId,
        name: queuedResourceName,
        zone: props.zone,
        tpu: {
          nodeSpec: [
            {
              parent: `projects/${props.projectId}/locations/${props.zone}`,
              nodeId: props.name,
              nodeAttribute: { acceleratorType: props.acceleratorType, runtimeVersion, networkConfig, description },
            },
          ],
        },
        lifecycle: orUndefined(preventDestroy),
        dependsOn: props.dependsOn,
      });
    }

    this.manualSteps = tpuManualSteps({
      projectId: props.projectId,
      name: props.name,
      zone: props.zone,
      dataLake: props.dataLake,
      slice: this.slice,
      trainingCodeDir: props.trainingCodeDir ?? 'train',
      trainingCommand: props.trainingCommand ?? 'python3 train.py',
      queuedResourceName,
    });
  }

  /**
   * Stack outputs with the manual steps for this TPU, named `<prefix>_...`
   * (default `tpu_name`, `tpu_copy_code_command`, ...). Call once per TPU.
   */
  addOutputs(prefix = 'tpu'): TerraformOutput[] {
    const r = this.manualSteps;
    const outputs: [string, string | undefined, string][] = [
      ['name', this.name, 'TPU VM name'],
      ['zone', this.zone, 'TPU zone'],
      ['accelerator_type', this.acceleratorType, `TPU v6e slice (${this.capacity}, ${this.provisioning})`],
      ['workers', r.workers, 'Which workers the commands reach'],
      [
        'wait_for_capacity_command',
        r.waitForCapacityCommand,
        'Step 0 (queued): wait until the queued resource is ACTIVE',
      ],
      [
        'data_lake_setup_script',
        this.provisioning === 'queued' ? this.startupScript : undefined,
        'Queued mode: the data lake setup script (no startup script can be attached)',
      ],
      ['setup_command', r.setupCommand, 'Step 0 (queued): mount the data lake on every worker'],
      ['copy_code_command', r.copyCodeCommand, 'Step 1: copy the training code to every worker'],
      [
        'start_training_command',
        r.startTrainingCommand,
        `Step 2: start training on every worker as the user ${TRAINING_USER}, who owns the data lake mount (sudo: roles/compute.osAdminLogin; log in ${TRAINING_HOME}/train.log)`,
      ],
      ['follow_log_command', r.followLogCommand, 'Step 3: follow the training log on worker 0'],
      ['ssh_command', r.sshCommand, 'SSH to worker 0 (through IAP)'],
      ['data_locations', r.dataLocations, 'Where the data, checkpoints and models are'],
    ];
    return outputs
      .filter((o): o is [string, string, string] => o[1] !== undefined)
      .map(([name, value, description]) =>
        // Toggled off in Terraform: the commands of a VM that does not exist are null.
        emitOutput(this, `${prefix}_${name}`, this.whileEnabled(value), description, { id: `output-${name}` }),
      );
  }

  private whileEnabled(value: string): string {
    return this.enabled === undefined ? value : Token.asString(conditional(this.enabled, value, null));
  }
}

function orUndefined<T extends object>(o: T): T | undefined {
  return Object.keys(o).length ? o : undefined;
}

function findGoogleBeta(scope: Construct): TerraformProvider {
  const provider = TerraformStack.of(scope)
    .node.findAll()
    .find((c): c is GoogleBetaProvider => c instanceof GoogleBetaProvider);
  if (!provider)
    throw new Error(
      `${scope.node.path}: no google-beta provider in the stack; TPU v6e needs google-beta (pass props.betaProvider)`,
    );
  return provider;
}
