import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { REQUIRED_SERVICES, V6E_ACCELERATOR_TYPES } from '../src/catalog';

/**
 * A fake of the Google APIs preflight reads, on 127.0.0.1 (port 0), serving a healthy project unless a
 * response is replaced. Paths are Google's (preflight keeps them when PREFLIGHT_API_BASE points here).
 * Response shapes follow Google's REST references, cited beside each; numbers are made up.
 */

export const PROJECT_NUMBER = '123456789012';

export interface FakeResponse {
  readonly status?: number;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as it is, instead of `body` (e.g. not JSON). */
  readonly raw?: string;
  /** Never answer (for timeouts). */
  readonly hang?: boolean;
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

/** Google's error body (AIP-193: `{error: {code, message, status, details}}`). */
export function googleError(code: number, status: string, message: string, details: unknown[] = []): FakeResponse {
  return { status: code, body: { error: { code, message, status, details } } };
}

/** A 403 for an API that is off in the quota project (google.rpc.ErrorInfo reason SERVICE_DISABLED). */
export function serviceDisabled(service: string): FakeResponse {
  return googleError(
    403,
    'PERMISSION_DENIED',
    `${service} has not been used in project ${PROJECT_NUMBER} before or it is disabled.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'SERVICE_DISABLED',
        domain: 'googleapis.com',
        metadata: { service, consumer: `projects/${PROJECT_NUMBER}` },
      },
    ],
  );
}

/**
 * Service Usage `services.batchGet` (https://cloud.google.com/service-usage/docs/reference/rest/v1/services/batchGet):
 * `{services: [Service {name, parent, config {name, title}, state}]}`.
 */
export function servicesBody(disabled: readonly string[] = []): unknown {
  return {
    services: REQUIRED_SERVICES.map((s) => ({
      name: `projects/${PROJECT_NUMBER}/services/${s}`,
      parent: `projects/${PROJECT_NUMBER}`,
      config: { name: s, title: s.split('.')[0] },
      state: disabled.includes(s) ? 'DISABLED' : 'ENABLED',
    })),
  };
}

/**
 * Cloud Quotas QuotaInfo (https://cloud.google.com/docs/quotas/reference/rest/v1/projects.locations.services.quotaInfos,
 * google/api/cloudquotas/v1/resources.proto): int64 `value` as a JSON string, left out when 0.
 */
export function quotaBody(
  quotaId: string,
  dimension: 'zone' | 'region',
  entries: readonly { location?: string; value?: string; applicable?: string[] }[],
): unknown {
  return {
    name: `projects/${PROJECT_NUMBER}/locations/global/services/tpu.googleapis.com/quotaInfos/${quotaId}`,
    quotaId,
    metric: 'tpu.googleapis.com/tpu_v6e_chips',
    service: 'tpu.googleapis.com',
    isPrecise: true,
    containerType: 'PROJECT',
    dimensions: [dimension],
    quotaDisplayName: quotaId,
    quotaIncreaseEligibility: { isEligible: true },
    dimensionsInfos: entries.map((e) => ({
      dimensions: e.location ? { [dimension]: e.location } : {},
      details: e.value === undefined ? {} : { value: e.value },
      applicableLocations:
        e.applicable ??
        (e.location
          ? [e.location]
          : dimension === 'zone'
            ? ['us-central1-b', 'us-east5-a']
            : ['us-central1', 'us-east5']),
    })),
  };
}

/**
 * TPU v2 `acceleratorTypes.list` (https://cloud.google.com/tpu/docs/reference/rest/v2/projects.locations.acceleratorTypes/list):
 * `{acceleratorTypes: [{name, type, acceleratorConfigs: [{type, topology}]}], nextPageToken}`.
 */
export function acceleratorTypesBody(types: readonly string[], nextPageToken?: string): unknown {
  return {
    acceleratorTypes: types.map((type) => ({
      name: `projects/tpu-train-dev/locations/us-central1-b/acceleratorTypes/${type}`,
      type,
      acceleratorConfigs: [{ type: type.startsWith('v6e') ? 'V6E' : 'V5LITE_POD', topology: '2x2' }],
    })),
    ...(nextPageToken ? { nextPageToken } : {}),
  };
}

/**
 * Compute Engine Reservation (https://cloud.google.com/compute/docs/reference/rest/v1/reservations):
 * a specific reservation of ct6e VMs; int64 counts as JSON strings.
 */
export function specificReservationBody(
  machineType: string,
  count: number,
  inUse = 0,
  zone = 'us-central1-b',
  status = 'READY',
): unknown {
  return {
    kind: 'compute#reservation',
    id: '4242424242',
    name: 'v6e-reserved',
    zone: `https://www.googleapis.com/compute/v1/projects/tpu-train-dev/zones/${zone}`,
    status,
    specificReservationRequired: true,
    specificReservation: {
      count: String(count),
      inUseCount: String(inUse),
      instanceProperties: { machineType },
    },
  };
}

/** The same for an aggregate reservation (`aggregateReservation {vmFamily, reservedResources, inUseResources}`). */
export function aggregateReservationBody(vmFamily: string, chips: number, inUse = 0): unknown {
  const acc = (n: number) => [{ accelerator: { acceleratorCount: n, acceleratorType: 'ct6e' } }];
  return {
    kind: 'compute#reservation',
    name: 'v6e-reserved',
    zone: 'https://www.googleapis.com/compute/v1/projects/tpu-train-dev/zones/us-central1-b',
    status: 'READY',
    aggregateReservation: {
      vmFamily,
      workloadType: 'BATCH',
      reservedResources: acc(chips),
      inUseResources: acc(inUse),
    },
  };
}

/**
 * Org Policy v2 Policy (google/cloud/orgpolicy/v2/orgpolicy.proto): `{name, spec: {rules: [...]}}`;
 * responses name the project by number.
 */
export function policyBody(constraint: string, rules?: unknown[]): unknown {
  return {
    name: `projects/${PROJECT_NUMBER}/policies/${constraint}`,
    ...(rules ? { spec: { rules } } : {}),
  };
}

/** Cloud Storage Bucket (https://cloud.google.com/storage/docs/json_api/v1/buckets#resource). */
export function bucketBody(name: string, versioning?: boolean): unknown {
  return {
    kind: 'storage#bucket',
    id: name,
    name,
    projectNumber: PROJECT_NUMBER,
    location: 'US-CENTRAL1',
    storageClass: 'STANDARD',
    iamConfiguration: { uniformBucketLevelAccess: { enabled: true }, publicAccessPrevention: 'enforced' },
    ...(versioning === undefined ? {} : { versioning: { enabled: versioning } }),
  };
}

const ROUTES: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^\/v1\/projects\/[^/]+\/services:batchGet$/, () => 'services'],
  [
    /^\/v1\/projects\/[^/]+\/locations\/global\/services\/tpu\.googleapis\.com\/quotaInfos\/([^/]+)$/,
    (m) => `quota:${m[1]}`,
  ],
  [/^\/v2\/projects\/[^/]+\/locations\/[^/]+\/acceleratorTypes$/, () => 'acceleratorTypes'],
  [/^\/compute\/v1\/projects\/[^/]+\/zones\/[^/]+\/reservations\/[^/]+$/, () => 'reservation'],
  [/^\/v2\/projects\/[^/]+\/policies\/([^/:]+):getEffectivePolicy$/, (m) => `policy:${m[1]}`],
  [/^\/storage\/v1\/b\/([^/]+)$/, () => 'bucket'],
];

const BOOLEAN_CONSTRAINTS = ['compute.requireOsLogin', 'compute.requireShieldedVm'];

/** A healthy project: every API on, 64 chips of each v6e quota, every v6e type, no restricting policy. */
function healthy(key: string, path: string): FakeResponse {
  if (key === 'services') return { body: servicesBody() };
  if (key.startsWith('quota:')) {
    const id = key.slice('quota:'.length);
    const dimension = id.includes('PerZone') ? 'zone' : 'region';
    return { body: quotaBody(id, dimension, [{ value: '64' }]) };
  }
  if (key === 'acceleratorTypes') return { body: acceleratorTypesBody(['v5litepod-4', ...V6E_ACCELERATOR_TYPES]) };
  if (key === 'reservation') return { body: specificReservationBody('ct6e-standard-4t', 4) };
  if (key.startsWith('policy:')) {
    const c = key.slice('policy:'.length);
    return { body: policyBody(c, [BOOLEAN_CONSTRAINTS.includes(c) ? { enforce: false } : { allowAll: true }]) };
  }
  if (key === 'bucket') return { body: bucketBody(decodeURIComponent(path.split('/').pop() ?? ''), true) };
  return googleError(404, 'NOT_FOUND', `no route ${path}`);
}

export class FakeGoogle {
  readonly seen: SeenRequest[] = [];
  private readonly responses = new Map<string, FakeResponse | FakeResponse[]>();
  private server?: Server;

  /** Replaces one route's answer; an array answers its items in turn (pages). */
  set(key: string, response: FakeResponse | FakeResponse[]): this {
    this.responses.set(key, response);
    return this;
  }

  reset(): void {
    this.responses.clear();
    this.seen.length = 0;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    let key = 'unknown';
    for (const [pattern, name] of ROUTES) {
      const m = pattern.exec(path);
      if (m) {
        key = name(m);
        break;
      }
    }
    const configured = this.responses.get(key);
    const response = Array.isArray(configured)
      ? (configured.shift() ?? healthy(key, path))
      : (configured ?? healthy(key, path));
    if (response.hang) return;
    res.writeHead(response.status ?? 200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(response.raw ?? JSON.stringify(response.body ?? {}));
  }
}
