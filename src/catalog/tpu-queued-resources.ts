import { source } from './source';
import { TPU_V6E, TpuSlice } from './tpu';

/**
 * Facts about requesting TPU v6e capacity through the Cloud TPU v2 REST API's queued resources, and
 * about what a TPU VM worker can learn from its metadata server. Checked December 2026.
 *
 * Not exported from ./index (import this file by path): the training request template
 * (constructs/training/queued-resource.ts) and the launcher (constructs/training/launcher-script.ts)
 * read it, and the train step (src/jobs/steps/train_step.py) mirrors the API paths and states.
 */

const CHECKED = '2026-12';
const PROTO = '@google-cloud/tpu 3.8.1 build/protos/google/cloud/tpu/v2/cloud_tpu.proto';
const REST_QR = 'https://cloud.google.com/tpu/docs/reference/rest/v2/projects.locations.queuedResources';
const GCLOUD_QR_UTIL = 'google-cloud-sdk googlecloudsdk/command_lib/compute/tpus/queued_resources/util.py';

/** The Cloud TPU v2 REST API. Paths are relative to `endpoint`; `{…}` are path parameters. */
export const TPU_API = {
  endpoint: 'https://tpu.googleapis.com/v2',
  /** `POST` with a QueuedResource body; `queuedResourceId` is the request's own id. */
  createQueuedResource: 'projects/{project}/locations/{zone}/queuedResources?queuedResourceId={id}',
  getQueuedResource: 'projects/{project}/locations/{zone}/queuedResources/{id}',
  /** `force=true` deletes the request's nodes first; without it only ACCEPTED, FAILED or SUSPENDED requests (or ones whose nodes are gone) can be deleted. */
  deleteQueuedResource: 'projects/{project}/locations/{zone}/queuedResources/{id}?force=true',
  getNode: 'projects/{project}/locations/{zone}/nodes/{node}',
  /** The parent of every node spec: `projects/{project}/locations/{zone}`. */
  nodeSpecParent: 'projects/{project}/locations/{zone}',
  /** The JSON request body is the message `google.cloud.tpu.v2.QueuedResource` (proto3 JSON names). */
  queuedResourceMessage: 'google.cloud.tpu.v2.QueuedResource',
  protosJson: '@google-cloud/tpu/build/protos/protos.json',
  /** Node ids and multislice node id prefixes: `^[A-Za-z0-9_.~+%-]+$` (proto comments); node names are also RFC 1035 (NAMING_RULES.tpuNodeName). */
  nodeIdPattern: '^[A-Za-z0-9_.~+%-]+$',
  source: source(
    `${PROTO} (service google.cloud.tpu.v2.Tpu, google.api.http rules; DeleteQueuedResourceRequest.force); ${REST_QR}`,
    CHECKED,
  ),
} as const;

/**
 * `state.state` of a queued resource, grouped by what a caller does about it. WAITING_FOR_RESOURCES
 * replaced ACCEPTED as the queued state (both are treated as waiting). FAILED and SUSPENDED requests
 * stay, holding quota, until deleted. A node of an ACTIVE request can itself be PREEMPTED or TERMINATED.
 */
export const QUEUED_RESOURCE_STATES = {
  waiting: ['CREATING', 'ACCEPTED', 'PROVISIONING', 'WAITING_FOR_RESOURCES'] as readonly string[],
  active: ['ACTIVE'] as readonly string[],
  preempted: ['SUSPENDING', 'SUSPENDED'] as readonly string[],
  failed: ['FAILED'] as readonly string[],
  deleting: ['DELETING'] as readonly string[],
  /** `google.cloud.tpu.v2.Node.State` values that mean the node's VMs are gone (preemption). */
  nodePreempted: ['PREEMPTED', 'TERMINATED'] as readonly string[],
  /** Where the error of a FAILED request is. */
  failedMessageField: 'state.failedData.error.message',
  source: source(
    `${PROTO} (QueuedResourceState.State, Node.State); https://cloud.google.com/tpu/docs/queued-resources`,
    CHECKED,
  ),
} as const;

export type QueuedResourceStateClass = 'waiting' | 'active' | 'preempted' | 'failed' | 'deleting' | 'unknown';

/** What a `state.state` value means to the train step. */
export function queuedResourceStateClass(state: string): QueuedResourceStateClass {
  for (const group of ['waiting', 'active', 'preempted', 'failed', 'deleting'] as const) {
    if (QUEUED_RESOURCE_STATES[group].includes(state)) return group;
  }
  return 'unknown';
}

/**
 * How the request asks for each capacity mode. On-demand: the `guaranteed` tier (`gcloud ...
 * queued-resources create --guaranteed` sets an empty `Guaranteed`). Spot: the `spot` tier (the
 * same tool's `--spot`). Reserved: `reservationName` only, with neither tier set: in the v2 API the
 * tool's `--reserved` sets nothing but `reservationName` (`projects/{p}/locations/{zone}/reservations/-`,
 * i.e. any reservation of the project); naming one reservation gives its own name there.
 */
export const QUEUED_RESOURCE_CAPACITY = {
  onDemandTier: 'guaranteed',
  spotTier: 'spot',
  reservedNeedsTier: false,
  reservationNameFormat: 'projects/{project}/locations/{zone}/reservations/{reservation}',
  /** Matches a full reservation name; groups: project, zone, reservation. */
  reservationNamePattern: '^projects/([^/]+)/locations/([^/]+)/reservations/([^/]+)$',
  /** The API's wildcard: any reservation in the project (what `--reserved` sends). */
  anyReservation: '-',
  source: source(
    `${REST_QR} (QueuedResource.reservationName, tier oneof); ${GCLOUD_QR_UTIL} (SetGuaranteed, SetSpot, CreateReservationName)`,
    CHECKED,
  ),
} as const;

const WEEK_SECONDS = 7 * 24 * 60 * 60;

/**
 * `queueingPolicy.validUntilDuration`: after that long unfulfilled, the request FAILS (and stays in
 * the queue, holding quota, until deleted). Google documents no minimum and no maximum for it (API
 * reference, queued resources guide and gcloud reference, checked December 2026). This project's bounds:
 */
export const QUEUEING_POLICY = {
  field: 'validUntilDuration',
  /** A google.protobuf.Duration in JSON: seconds with an `s` suffix, e.g. `"3600s"`. */
  durationSuffix: 's',
  maxDocumented: false,
  /** Our floor: the train step polls every 60 s by default; a shorter wait can expire before its first look. */
  minWaitSeconds: 60,
  /**
   * Our cap, 7 days: the train step that holds the request runs as a Vertex AI pipeline task (a custom
   * job), whose run time is 7 days by default (`Scheduling.timeout`); a request outliving it would have
   * nobody left to delete it. 7 days is also the longest run Google gives any v6e request (flex-start).
   */
  maxWaitSeconds: WEEK_SECONDS,
  source: source(
    `${REST_QR} (QueueingPolicy: no bounds documented); https://cloud.google.com/tpu/docs/queued-resources; @google-cloud/aiplatform 6.9.0 custom_job.proto (Scheduling.timeout: "The default is 7 days"); https://cloud.google.com/tpu/docs/request-using-flex-start`,
    CHECKED,
  ),
} as const;

/**
 * Multislice: two or more slices of the same accelerator type, requested as one queued resource with
 * `tpu.nodeSpec[0].multisliceParams {nodeCount, nodeIdPrefix}` instead of `nodeId` (nodes are named
 * `<prefix>-0`, `<prefix>-1`, ...), provisioned all or none. `nodeCount` must be greater than 1.
 *
 * Which v6e slices can form one is not stated for TPU VMs: Google's GKE multislice page says
 * "Multislice only supports multi-host TPU slice node pools" (single-host shapes such as a v5e 2x2
 * cannot), and the multislice overview says every slice has the same accelerator type. ASSUMPTION:
 * the same holds for queued resources, so only multi-host v6e slices (v6e-16 and larger, 2+ hosts)
 * are accepted for more than one slice.
 */
export const MULTISLICE = {
  minNodeCount: 2,
  minHostsPerSlice: 2,
  /** Accelerator types accepted for 2+ slices (derived from TPU_V6E.slices: hosts >= 2). */
  acceleratorTypes: TPU_V6E.slices.filter((s) => s.hosts >= 2).map((s) => s.acceleratorType) as readonly string[],
  assumption:
    'only multi-host slices form a multislice (stated for GKE node pools, assumed for TPU VM queued resources)',
  source: source(
    `${PROTO} (MultisliceParams: node_count "needs to be > 1"); ${GCLOUD_QR_UTIL} (VerifyNodeCount); https://cloud.google.com/tpu/docs/multislice-introduction; https://cloud.google.com/tpu/docs/tpu-gke-multislice (availability)`,
    CHECKED,
  ),
} as const;

export function canFormMultislice(slice: TpuSlice): boolean {
  return slice.hosts >= MULTISLICE.minHostsPerSlice;
}

/**
 * Instance metadata limits (Compute Engine's; a TPU VM worker is a Compute Engine VM and its node
 * metadata is served by the same metadata server: the TPU API documents no limits of its own, so these
 * are ASSUMED to apply to `Node.metadata`). "Less than 512 KB" is read as 512,000 bytes, the stricter
 * reading. Startup scripts above 256 KB must come from Cloud Storage (`startup-script-url`).
 */
export const INSTANCE_METADATA_LIMITS = {
  /** A value may be at most this many bytes (262,144 = 256 KiB). */
  maxValueBytes: 262_144,
  /** All keys and values together must be fewer than this many bytes. */
  totalBytesBelow: 512_000,
  /** A key must be shorter than this many bytes. */
  keyBytesBelow: 128,
  keyPattern: '^[a-zA-Z0-9-_]+$',
  source: source(
    'https://cloud.google.com/compute/docs/reference/rest/v1/Metadata (items: total "less than 512 KB"; value "less than or equal to 262144 bytes (256 KiB)"; key "less than 128 bytes"); https://cloud.google.com/compute/docs/instances/startup-scripts (up to 256 KB inline)',
    CHECKED,
  ),
} as const;

/**
 * What a TPU VM worker reads from its own metadata server to know its place in the job. These keys are
 * set by the TPU service on every worker; they are not in a Google reference page but are what JAX
 * itself reads (`jax.distributed.initialize()` on Cloud TPU VMs):
 * - `agent-worker-number`: this worker's index within its slice, 0-based.
 * - `worker-network-endpoints`: one entry per worker of the slice, comma-separated, each
 *   `<a>:<b>:<internal IP>`, sorted by worker index; its length is the slice's worker count.
 * - `tpu-env`: lines `KEY: 'value'`; in a multislice (queued resources), MEGASCALE_NUM_SLICES,
 *   MEGASCALE_SLICE_ID (0-based) and MEGASCALE_COORDINATOR_ADDRESS. Without
 *   MEGASCALE_COORDINATOR_ADDRESS the worker is in a single slice.
 * A global worker index is `slice id * workers per slice + agent-worker-number` (JAX's process id).
 */
export const TPU_WORKER_METADATA = {
  attributesUrl: 'http://metadata.google.internal/computeMetadata/v1/instance/attributes',
  header: 'Metadata-Flavor: Google',
  workerNumberKey: 'agent-worker-number',
  workerEndpointsKey: 'worker-network-endpoints',
  tpuEnvKey: 'tpu-env',
  acceleratorTypeKey: 'accelerator-type',
  multisliceEnv: {
    numSlices: 'MEGASCALE_NUM_SLICES',
    sliceId: 'MEGASCALE_SLICE_ID',
    coordinatorAddress: 'MEGASCALE_COORDINATOR_ADDRESS',
  },
  source: source(
    'jax-ml/jax jax/_src/clusters/cloud_tpu_cluster.py (get_metadata, get_tpu_env_value, BaseTpuCluster.get_process_id, GceTpuCluster); https://cloud.google.com/compute/docs/metadata/querying-metadata',
    CHECKED,
  ),
} as const;

/**
 * What the identity that runs training (the Vertex AI pipeline runner) needs on the TPU API, as a
 * custom role holding exactly these: create, read and delete queued resources and their nodes.
 * roles/tpu.admin would also allow updating, starting and stopping every TPU in the project.
 */
export const TPU_RUN_PERMISSIONS = {
  permissions: [
    'tpu.queuedResources.create',
    'tpu.queuedResources.get',
    'tpu.queuedResources.delete',
    'tpu.nodes.create',
    'tpu.nodes.get',
    'tpu.nodes.delete',
  ] as readonly string[],
  source: source(
    'https://cloud.google.com/tpu/docs/tpu-iam-permissions; https://cloud.google.com/iam/docs/permissions-reference (tpu.*)',
    '2026-12',
  ),
} as const;

/** What the janitor (the runner, in the janitor pipeline) needs: list, read and delete queued resources. */
export const TPU_JANITOR_PERMISSIONS = {
  permissions: [
    'tpu.queuedResources.list',
    'tpu.queuedResources.get',
    'tpu.queuedResources.delete',
  ] as readonly string[],
  source: TPU_RUN_PERMISSIONS.source,
} as const;

/** How much older than a run's timeout a request must be before the janitor takes it for stranded. */
export const JANITOR_MARGIN_SECONDS = 3600;
