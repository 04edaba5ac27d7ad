import { Source, source } from './source';

/** One TPU v6e slice shape. No other sizes exist. */
export interface TpuSlice {
  /** The accelerator type as the API spells it, e.g. `v6e-8`. */
  readonly acceleratorType: string;
  readonly chips: number;
  /** `accelerator_config.topology` for this slice. */
  readonly topology: string;
  /** TPU VM hosts (workers) in the slice; v6e-1 and v6e-4 use part of one host. */
  readonly hosts: number;
}

export interface TpuZone {
  readonly zone: string;
  readonly region: string;
  /** `documented`: in Google's zone table; `newer-pages`: single-tenant/AI zones seen in newer pages only. */
  readonly evidence: 'documented' | 'newer-pages';
  /** The capacity modes the zone can serve a v6e from: a zone is valid only together with one of these. */
  readonly capacityModes: readonly CapacityMode[];
  /** Why some modes are missing (single-tenant, AI zone); undefined when every mode is served. */
  readonly capacityNote?: string;
  /** Where the zone's capacity modes were read. */
  readonly capacitySource: Source;
}

const V6E_PAGE = source('https://cloud.google.com/tpu/docs/v6e');
const ZONES_PAGE = source('https://cloud.google.com/tpu/docs/regions-zones');
const TYPES_ZONES_PAGE = source('https://cloud.google.com/tpu/docs/types-zones', '2026-12');
const AI_ZONES_PAGE = source('https://docs.cloud.google.com/storage/docs/ai-zones', '2026-12');
const ALL_MODES: readonly CapacityMode[] = ['on-demand', 'spot', 'reserved'];
const SINGLE_TENANT = 'single-tenant for v6e (reserved capacity only)';

/** A zone's region is its name without the last part (RE2 and JavaScript alike). */
export const ZONE_SUFFIX_PATTERN = '-[a-z0-9]+$';

export function regionOfZone(zoneName: string): string {
  return zoneName.replace(new RegExp(ZONE_SUFFIX_PATTERN), '');
}

function zone(
  name: string,
  evidence: TpuZone['evidence'] = 'documented',
  capacityModes: readonly CapacityMode[] = ALL_MODES,
  capacityNote?: string,
  capacitySource: Source = ZONES_PAGE,
): TpuZone {
  return { zone: name, region: regionOfZone(name), evidence, capacityModes, capacityNote, capacitySource };
}

/** Cloud TPU v6e (Trillium): the facts the constructs and configuration are checked against. */
export const TPU_V6E = {
  /** Chips per host and HBM per chip. */
  chipsPerHost: 8,
  hbmGiBPerChip: 32,
  peakBf16TflopsPerChip: 918,
  hardwareSource: V6E_PAGE,

  slices: [
    { acceleratorType: 'v6e-1', chips: 1, topology: '1x1', hosts: 1 },
    { acceleratorType: 'v6e-4', chips: 4, topology: '2x2', hosts: 1 },
    { acceleratorType: 'v6e-8', chips: 8, topology: '2x4', hosts: 1 },
    { acceleratorType: 'v6e-16', chips: 16, topology: '4x4', hosts: 2 },
    { acceleratorType: 'v6e-32', chips: 32, topology: '4x8', hosts: 4 },
    { acceleratorType: 'v6e-64', chips: 64, topology: '8x8', hosts: 8 },
    { acceleratorType: 'v6e-128', chips: 128, topology: '8x16', hosts: 16 },
    { acceleratorType: 'v6e-256', chips: 256, topology: '16x16', hosts: 32 },
  ] as readonly TpuSlice[],
  slicesSource: V6E_PAGE,

  /**
   * `nodes.stop` works only for single-host nodes: a multi-host slice (v6e-16 and larger) can only be
   * deleted (and created again).
   */
  stopMaxHosts: 1,
  stopSource: source('https://cloud.google.com/tpu/docs/reference/rest/v2/projects.locations.nodes/stop', '2026-12'),

  /** TPU VM software version for v6e. */
  runtimeVersion: 'v2-alpha-tpuv6e',
  runtimeSource: source('https://cloud.google.com/tpu/docs/runtimes'),

  /**
   * Zones that offer v6e. us-central2-b (the default region of the hand-written setup this project replaces) offers v4 only.
   */
  zones: [
    zone('us-central1-b'),
    zone('us-east1-d'),
    zone('us-east5-a'),
    zone('us-east5-b'),
    zone('europe-west4-a'),
    zone('asia-northeast1-b'),
    // Dec 2026: single-tenant zones serve v6e from reservations only; us-west1-c also from Spot quota.
    zone('us-east5-c', 'newer-pages', ['reserved'], SINGLE_TENANT, TYPES_ZONES_PAGE),
    zone('us-east4-a', 'newer-pages', ['reserved'], SINGLE_TENANT, TYPES_ZONES_PAGE),
    zone('us-east4-b', 'newer-pages', ['reserved'], SINGLE_TENANT, TYPES_ZONES_PAGE),
    zone(
      'us-west1-c',
      'newer-pages',
      ['reserved', 'spot'],
      'single-tenant for v6e except for Spot (reserved or spot capacity only)',
      TYPES_ZONES_PAGE,
    ),
    // AI zones: pre-reserved capacity only, with AI-zone visibility turned on for the project.
    zone(
      'us-central1-ai1a',
      'newer-pages',
      ['reserved'],
      'an AI zone (pre-reserved capacity only, with AI-zone visibility on)',
      AI_ZONES_PAGE,
    ),
    zone(
      'us-south1-ai1b',
      'newer-pages',
      ['reserved'],
      'an AI zone (pre-reserved capacity only, with AI-zone visibility on)',
      AI_ZONES_PAGE,
    ),
  ] as readonly TpuZone[],
  zonesSource: ZONES_PAGE,

  /** v6e exists only as a TPU VM, and only the google-beta provider can create one. */
  terraform: {
    vmResource: 'google_tpu_v2_vm',
    queuedResource: 'google_tpu_v2_queued_resource',
    provider: 'google-beta',
    source: source('magic-modules mmv1/products/tpuv2/Vm.yaml; terraform-provider-google CHANGELOG'),
  },
} as const;

/**
 * How a TPU's capacity is obtained: on demand, Spot (preemptible, from preemptible quota), or from a
 * reservation (consumption options page).
 */
export const TPU_CAPACITY_MODES = ['on-demand', 'spot', 'reserved'] as const;
export type CapacityMode = (typeof TPU_CAPACITY_MODES)[number];
export const TPU_CAPACITY_SOURCE = source('https://cloud.google.com/tpu/docs/consumption-options');

/** Which quota a capacity mode draws on. */
export type TpuQuotaKind = 'on-demand' | 'preemptible' | 'reservation';

/**
 * TPU v6e quota (Dec 2026): 0 chips in a new project, for on-demand and for preemptible (Spot)
 * alike, and raised only through a request to Google Cloud support. Spot draws on preemptible
 * quota; reserved capacity is what the reservation holds.
 */
export const TPU_V6E_QUOTA_GRANT = {
  newProjectChips: { 'on-demand': 0, preemptible: 0 } as Readonly<Record<'on-demand' | 'preemptible', number>>,
  byCapacity: { 'on-demand': 'on-demand', spot: 'preemptible', reserved: 'reservation' } as Readonly<
    Record<CapacityMode, TpuQuotaKind>
  >,
  grantedThrough: 'a quota request to Google Cloud support (Cloud TPU quota page), before the first deploy',
  source: source('https://cloud.google.com/tpu/docs/quota; https://cloud.google.com/tpu/docs/v6e-intro', '2026-12'),
} as const;

/** The quota a TPU of `capacity` needs, and what a new project has of it (undefined: the reservation's own). */
export function tpuQuotaFor(capacity: CapacityMode): { kind: TpuQuotaKind; newProjectChips: number | undefined } {
  const kind = TPU_V6E_QUOTA_GRANT.byCapacity[capacity];
  return { kind, newProjectChips: kind === 'reservation' ? undefined : TPU_V6E_QUOTA_GRANT.newProjectChips[kind] };
}

export const V6E_ACCELERATOR_TYPES: readonly string[] = TPU_V6E.slices.map((s) => s.acceleratorType);
export const V6E_ZONES: readonly string[] = TPU_V6E.zones.map((z) => z.zone);

export function findSlice(acceleratorType: string): TpuSlice | undefined {
  return TPU_V6E.slices.find((s) => s.acceleratorType === acceleratorType);
}

export function findTpuZone(zoneName: string): TpuZone | undefined {
  return TPU_V6E.zones.find((z) => z.zone === zoneName);
}

/** The v6e zones that can serve `capacity` (optionally: in `region`). */
export function zonesServing(capacity: CapacityMode, region?: string): string[] {
  return TPU_V6E.zones
    .filter((z) => z.capacityModes.includes(capacity) && (region === undefined || z.region === region))
    .map((z) => z.zone);
}

/**
 * Why `zoneName` cannot serve a v6e of `capacity` (e.g. `single-tenant for v6e (reserved capacity
 * only)`), or undefined when it can or is not a v6e zone at all.
 */
export function zoneCapacityProblem(zoneName: string, capacity: CapacityMode): string | undefined {
  const z = findTpuZone(zoneName);
  if (!z || z.capacityModes.includes(capacity)) return undefined;
  return `${z.capacityNote ?? 'does not serve this capacity'}: cannot serve capacity "${capacity}"`;
}

export type { Source };
