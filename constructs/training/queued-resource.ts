import { Token } from 'cdktf';
import { checkName, NAMING_RULES } from '../../src/catalog/naming-rules';
import { findSlice, TPU_V6E, V6E_ACCELERATOR_TYPES } from '../../src/catalog/tpu';
import { TPU_VM } from '../../src/catalog/tpu-vm';
import {
  canFormMultislice,
  INSTANCE_METADATA_LIMITS,
  MULTISLICE,
  QUEUED_RESOURCE_CAPACITY,
  QUEUEING_POLICY,
  TPU_API,
} from '../../src/catalog/tpu-queued-resources';
import { TPU_CAPACITY_MODES as CAPACITY_MODES, type CapacityMode } from '../../src/catalog/tpu';
import { InputError } from '../../src/core/errors';
import { DATA_LAKE_PREFIXES } from '../contracts';
import { DEFAULT_TRAINING_SETUP, defaultTrainingCommand } from './default-command';
import {
  DATA_DIR_PLACEHOLDER,
  RUN_ID_PLACEHOLDER,
  RUNS_PREFIX,
  TRAINING_METADATA_KEYS,
  trainingLauncherScript,
} from './launcher-script';

/**
 * The node id (one slice) or `multisliceParams.nodeIdPrefix` (several; nodes `<prefix>-0`, `-1`, ...):
 * the run id itself. The train step appends `-a<attempt>` from the second attempt on. So a run id must
 * start with a letter and leave room for those suffixes within a node name's 63 characters.
 */
export const NODE_ID = RUN_ID_PLACEHOLDER;

/** The labels the template sets itself; `labels` may not set them. */
export const REQUEST_LABEL_KEYS = ['environment', 'run-id'] as const;

export interface QueuedResourceRequestOptions {
  readonly project: string;
  /** A v6e zone (the node spec's parent is `projects/<project>/locations/<zone>`). */
  readonly zone: string;
  /** One of the catalog's v6e slices, e.g. `v6e-16`. */
  readonly acceleratorType: string;
  /**
   * @default the catalog's v6e runtime (`v2-alpha-tpuv6e`)
   */
  readonly runtimeVersion?: string;
  /**
   * Slices of `acceleratorType`; more than 1 makes a multislice (multi-host slices only).
   * @default 1
   */
  readonly slices?: number;
  /** Network and subnetwork ids (`projects/<p>/global/networks/<n>`, `projects/<p>/regions/<r>/subnetworks/<s>`). */
  readonly network: { readonly networkId: string; readonly subnetworkId: string };
  /** The trainer's own account (never the Compute Engine default one). */
  readonly serviceAccount: { readonly email: string };
  /**
   * OAuth scopes, always explicit.
   * @default TPU_VM.defaultScopes (cloud-platform, limited by IAM)
   */
  readonly scopes?: readonly string[];
  /** The `environment` label. */
  readonly environment: string;
  /** More labels; `environment` and `run-id` are the template's. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly networkTags?: readonly string[];
  readonly capacity: CapacityMode;
  /** With capacity `reserved` (required there): a reservation name in `zone`, or its full name `projects/<p>/locations/<zone>/reservations/<r>` (a shared one may be in another project). */
  readonly reservation?: string;
  /** How long the request may wait for capacity before it fails, in seconds (60 s to 7 days). */
  readonly waitSeconds: number;
  /** The data lake bucket: mounted on every worker; holds checkpoints, models and runs. */
  readonly bucketName: string;
  /**
   * Run on every worker after setup.
   * @default defaultTrainingCommand (prove the slice)
   */
  readonly trainingCommand?: string;
  /**
   * Run on every worker before the command.
   * @default DEFAULT_TRAINING_SETUP (install JAX for TPU)
   */
  readonly trainingSetup?: string;
  /**
   * Share of each host's memory for the Cloud Storage FUSE file cache, in percent.
   * @default 25
   */
  readonly fileCacheMemoryPercent?: number;
}

/** `google.cloud.tpu.v2.Node`, the fields this template sets. */
export interface QueuedResourceNode {
  description: string;
  acceleratorType: string;
  runtimeVersion: string;
  networkConfig: { network: string; subnetwork: string; enableExternalIps: false };
  serviceAccount: { email: string; scope: string[] };
  labels: Record<string, string>;
  tags?: string[];
  metadata: Record<string, string>;
}

export interface QueuedResourceNodeSpec {
  parent: string;
  nodeId?: string;
  multisliceParams?: { nodeCount: number; nodeIdPrefix: string };
  node: QueuedResourceNode;
}

/** `google.cloud.tpu.v2.QueuedResource` as JSON, the fields this template sets. */
export interface QueuedResourceBody {
  tpu: { nodeSpec: QueuedResourceNodeSpec[] };
  guaranteed?: Record<string, never>;
  spot?: Record<string, never>;
  reservationName?: string;
  queueingPolicy: { validUntilDuration: string };
}

const lit = (v: string | undefined): v is string => v !== undefined && !Token.isUnresolved(v);
const litNumber = (v: number | undefined): v is number => v !== undefined && !Token.isUnresolved(v);
const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * The body of `POST {TPU_API}/projects/{p}/locations/{zone}/queuedResources?queuedResourceId=<id>`
 * for one training run, with `__RUN_ID__` and `__DATA_DIR__` placeholders for the train step.
 * Capacity: on-demand asks for the `guaranteed` tier, spot for the `spot` tier, reserved names the
 * reservation (`reservationName`) and sets no tier (what gcloud's v2 `--reserved` sends). Values may
 * be Terraform tokens; literal values are checked first (queuedResourceProblems) and any problem
 * throws an InputError listing them all.
 */
export function queuedResourceRequest(
  options: QueuedResourceRequestOptions,
  path = 'trainingRequest',
): QueuedResourceBody {
  const problems = queuedResourceProblems(path, options);
  if (problems.length) throw new InputError(problems);
  const slices = options.slices ?? 1;
  const parent = TPU_API.nodeSpecParent.replace('{project}', options.project).replace('{zone}', options.zone);
  const tags = options.networkTags?.length ? { tags: [...options.networkTags] } : {};
  const node: QueuedResourceNode = {
    description: `Training run ${RUN_ID_PLACEHOLDER} (constructs/training/queued-resource.ts)`,
    acceleratorType: options.acceleratorType,
    runtimeVersion: options.runtimeVersion ?? TPU_V6E.runtimeVersion,
    networkConfig: {
      network: options.network.networkId,
      subnetwork: options.network.subnetworkId,
      enableExternalIps: false,
    },
    serviceAccount: { email: options.serviceAccount.email, scope: [...(options.scopes ?? TPU_VM.defaultScopes)] },
    labels: { ...(options.labels ?? {}), environment: options.environment, 'run-id': RUN_ID_PLACEHOLDER },
    ...tags,
    metadata: requestMetadata(options),
  };
  const naming = slices > 1 ? { multisliceParams: { nodeCount: slices, nodeIdPrefix: NODE_ID } } : { nodeId: NODE_ID };
  return {
    tpu: { nodeSpec: [{ parent, ...naming, node }] },
    ...capacityFields(options),
    queueingPolicy: {
      validUntilDuration: `${litNumber(options.waitSeconds) ? options.waitSeconds : Token.asString(options.waitSeconds)}${QUEUEING_POLICY.durationSuffix}`,
    },
  };
}

/**
 * The node metadata: the launcher as `startup-script`, the run's keys (training-contract.md), and
 * `enable-oslogin = TRUE` (SSH to a worker by IAM role, as on the project's other TPU VMs).
 */
export function requestMetadata(options: QueuedResourceRequestOptions): Record<string, string> {
  const k = TRAINING_METADATA_KEYS;
  const lake = `gs://${options.bucketName}`;
  return {
    [k.startupScript]: trainingLauncherScript({
      bucketName: options.bucketName,
      fileCacheMemoryPercent: options.fileCacheMemoryPercent ?? 25,
    }),
    [k.runId]: RUN_ID_PLACEHOLDER,
    [k.dataDir]: DATA_DIR_PLACEHOLDER,
    [k.checkpointDir]: `${lake}/${DATA_LAKE_PREFIXES.checkpoints}/${RUN_ID_PLACEHOLDER}`,
    [k.modelDir]: `${lake}/${DATA_LAKE_PREFIXES.models}/${RUN_ID_PLACEHOLDER}`,
    [k.resultsDir]: `${lake}/${RUNS_PREFIX}`,
    [k.numSlices]: String(options.slices ?? 1),
    [k.setup]: options.trainingSetup ?? DEFAULT_TRAINING_SETUP,
    [k.command]: options.trainingCommand ?? defaultTrainingCommand(),
    [TPU_VM.osLoginKey]: 'TRUE',
  };
}

/**
 * Bytes of all metadata keys and values together, as Compute Engine counts them. A Terraform token
 * inside a value counts as TOKEN_BYTES (its resolved length is not known at synth).
 */
export function metadataBytes(metadata: Readonly<Record<string, string>>): number {
  return Object.entries(metadata).reduce((sum, [key, value]) => sum + bytes(key) + estimatedBytes(value), 0);
}

/** What one unresolved token inside a metadata value is counted as: more than any id or name it stands for. */
export const TOKEN_BYTES = 256;

function estimatedBytes(value: string): number {
  if (!Token.isUnresolved(value)) return bytes(value);
  return (
    bytes(value.replace(/\$\{TfToken\[[^\]]*\]\}/g, '')) +
    TOKEN_BYTES * (value.match(/\$\{TfToken\[[^\]]*\]\}/g)?.length ?? 1)
  );
}

function capacityFields(
  options: QueuedResourceRequestOptions,
): Pick<QueuedResourceBody, 'guaranteed' | 'spot' | 'reservationName'> {
  switch (options.capacity) {
    case 'on-demand':
      return { guaranteed: {} };
    case 'spot':
      return { spot: {} };
    case 'reserved':
      return { reservationName: reservationName(options) };
  }
}

function reservationName(options: QueuedResourceRequestOptions): string {
  const r = options.reservation as string;
  if (!lit(r) || new RegExp(QUEUED_RESOURCE_CAPACITY.reservationNamePattern).test(r)) return r;
  return QUEUED_RESOURCE_CAPACITY.reservationNameFormat
    .replace('{project}', options.project)
    .replace('{zone}', options.zone)
    .replace('{reservation}', r);
}

/**
 * Every problem with literal options, one line each (`<path>.<field>="<value>": <problem>; allowed:
 * <what>`). Terraform tokens are not checked.
 */
export function queuedResourceProblems(path: string, options: QueuedResourceRequestOptions): string[] {
  const problems: string[] = [];
  const add = (field: string, value: unknown, problem: string, allowed: string) =>
    problems.push(`${path}.${field}="${String(value)}": ${problem}; allowed: ${allowed}`);

  const slice = lit(options.acceleratorType) ? findSlice(options.acceleratorType) : undefined;
  if (lit(options.acceleratorType) && !slice)
    add('acceleratorType', options.acceleratorType, 'not a TPU v6e slice', V6E_ACCELERATOR_TYPES.join(', '));

  const slices = options.slices ?? 1;
  if (!Number.isInteger(slices) || slices < 1) {
    add('slices', slices, 'not a whole number of at least 1', `1, or ${MULTISLICE.minNodeCount}+ for a multislice`);
  } else if (slices > 1 && slice && !canFormMultislice(slice)) {
    add(
      'slices',
      slices,
      `${slice.acceleratorType} (${slice.chips} chips on part of or one host) cannot form a multislice: only multi-host slices can`,
      `1 slice of ${slice.acceleratorType}, or ${slices} slices of ${MULTISLICE.acceleratorTypes.join(', ')}`,
    );
  }

  if (!(CAPACITY_MODES as readonly string[]).includes(options.capacity))
    add('capacity', options.capacity, 'not a capacity mode', CAPACITY_MODES.join(', '));
  reservationProblems(options, add);

  const wait = options.waitSeconds;
  if (
    litNumber(wait) &&
    !(Number.isInteger(wait) && wait >= QUEUEING_POLICY.minWaitSeconds && wait <= QUEUEING_POLICY.maxWaitSeconds)
  ) {
    add(
      'waitSeconds',
      wait,
      wait < QUEUEING_POLICY.minWaitSeconds
        ? 'too short (the train step looks every 60 s)'
        : wait > QUEUEING_POLICY.maxWaitSeconds
          ? 'beyond the limit (the train step holding the request runs at most 7 days)'
          : 'not a whole number of seconds',
      `a whole number of seconds from ${QUEUEING_POLICY.minWaitSeconds} to ${QUEUEING_POLICY.maxWaitSeconds} (7 days)`,
    );
  }

  for (const [field, value] of [
    ['trainingCommand', options.trainingCommand],
    ['trainingSetup', options.trainingSetup],
  ] as const) {
    if (!lit(value)) continue;
    const shown = value.length > 40 ? `${value.slice(0, 40).replace(/\0/g, '\\0')}...` : value.replace(/\0/g, '\\0');
    if (value.trim() === '') add(field, shown, 'empty', 'a shell command (bash -c)');
    if (value.includes('\0'))
      add(
        field,
        shown,
        'contains a NUL byte (metadata values and shell commands cannot carry one)',
        'text without NUL bytes',
      );
    if (/\$\{|%\{/.test(value))
      add(
        field,
        shown,
        'contains "${" or "%{", which Terraform reads as a template',
        '$NAME instead of the braced form',
      );
    if (bytes(value) > INSTANCE_METADATA_LIMITS.maxValueBytes) {
      add(
        field,
        shown,
        `${bytes(value)} bytes, larger than a metadata value may be`,
        `at most ${INSTANCE_METADATA_LIMITS.maxValueBytes} bytes (256 KiB); bring larger programs through the data lake`,
      );
    }
  }

  if (!problems.some((p) => /\.(trainingCommand|trainingSetup|acceleratorType)=/.test(p))) {
    const total = metadataBytes(requestMetadata(options));
    if (total >= INSTANCE_METADATA_LIMITS.totalBytesBelow) {
      add(
        'metadata',
        `${total} bytes`,
        'the node metadata (launcher, setup, command and run keys) is too large',
        `fewer than ${INSTANCE_METADATA_LIMITS.totalBytesBelow} bytes in all keys and values`,
      );
    }
  }

  if (options.scopes !== undefined && options.scopes.length === 0)
    add('scopes', '[]', 'empty', `explicit scopes, e.g. ${TPU_VM.defaultScopes.join(', ')}`);
  for (const scope of options.scopes ?? []) {
    if (lit(scope) && !scope.startsWith(TPU_VM.scopePrefix))
      add('scopes', scope, 'not an OAuth scope URL', `${TPU_VM.scopePrefix}<scope>`);
  }
  const email = options.serviceAccount.email;
  if (lit(email) && new RegExp(TPU_VM.computeDefaultAccountPattern).test(email))
    add(
      'serviceAccount',
      email,
      'the Compute Engine default service account (broad project rights)',
      "the trainer's own service account",
    );

  for (const [key, value] of Object.entries(options.labels ?? {})) {
    if ((REQUEST_LABEL_KEYS as readonly string[]).includes(key))
      add(`labels.${key}`, value, 'set by the request template', `labels other than ${REQUEST_LABEL_KEYS.join(', ')}`);
    else if (lit(key) && checkName('labelKey', key))
      add(`labels.${key}`, value, 'not a valid label key', NAMING_RULES.labelKey.allowed);
    else if (lit(value) && checkName('labelValue', value))
      add(`labels.${key}`, value, 'not a valid label value', NAMING_RULES.labelValue.allowed);
  }
  return problems;
}

type Add = (field: string, value: unknown, problem: string, allowed: string) => void;

function reservationProblems(options: QueuedResourceRequestOptions, add: Add): void {
  const r = options.reservation;
  const full = `${QUEUED_RESOURCE_CAPACITY.reservationNameFormat.replace('{zone}', lit(options.zone) ? options.zone : '<zone>')}`;
  if (options.capacity !== 'reserved') {
    if (r !== undefined)
      add(
        'reservation',
        r,
        `only used with capacity "reserved" (capacity is "${options.capacity}")`,
        'no reservation, or capacity "reserved"',
      );
    return;
  }
  if (r === undefined || (lit(r) && r.trim() === '')) {
    add('reservation', String(r), 'required with capacity "reserved"', `a reservation name in the zone, or ${full}`);
    return;
  }
  if (!lit(r)) return;
  const match = new RegExp(QUEUED_RESOURCE_CAPACITY.reservationNamePattern).exec(r);
  if (match) {
    if (lit(options.zone) && match[2] !== options.zone)
      add(
        'reservation',
        r,
        `in zone ${match[2]}, but the TPU is requested in ${options.zone}`,
        `a reservation in ${options.zone}`,
      );
  } else if (r.includes('/')) {
    add('reservation', r, 'neither a reservation name nor a full reservation name', full);
  } else if (r !== QUEUED_RESOURCE_CAPACITY.anyReservation && checkName('networkName', r)) {
    add(
      'reservation',
      r,
      'not a valid reservation name',
      `${NAMING_RULES.networkName.allowed} (Compute Engine resource names)`,
    );
  }
}
