import { Source, source } from './source';

/**
 * What `npm run preflight` reads from Google Cloud (src/tools/preflight): the REST endpoints it GETs,
 * the permission and least role each needs, the TPU v6e quota ids, how a v6e reservation looks in
 * Compute Engine, and the organization policy constraints it evaluates. Checked December 2026.
 *
 * Paths are relative to `https://<host>`; `{…}` are path parameters (URL-escaped when filled in).
 * Every call is a GET: preflight never changes anything.
 */

const CHECKED = '2026-12';

export interface PreflightEndpoint {
  readonly host: string;
  readonly path: string;
  /** The IAM permission the call needs on its resource. */
  readonly permission: string;
  /** The least predefined role that grants it (what a 403 row names). */
  readonly role: string;
  readonly source: Source;
}

export const PREFLIGHT_ENDPOINTS = {
  /**
   * Service Usage `services.batchGet`: `?names=projects/{project}/services/{service}` repeated, at most
   * 30 names a request; each returned Service has `config.name` and `state` (`ENABLED` | `DISABLED`).
   */
  services: {
    host: 'serviceusage.googleapis.com',
    path: '/v1/projects/{project}/services:batchGet',
    permission: 'serviceusage.services.get',
    role: 'roles/serviceusage.serviceUsageConsumer',
    source: source(
      'https://cloud.google.com/service-usage/docs/reference/rest/v1/services/batchGet; google.api.serviceusage.v1.BatchGetServicesRequest ("A single request can get a maximum of 30 services at a time"); https://cloud.google.com/service-usage/docs/access-control',
      CHECKED,
    ),
  },
  /**
   * Cloud Quotas `quotaInfos.get`: a QuotaInfo with `dimensionsInfos[] {dimensions: {zone|region},
   * details: {value}, applicableLocations[]}`, ordered from the most specific dimensions to the least;
   * an entry without a dimension applies to every value that has no entry of its own. `value` is an
   * int64 (a JSON string) and is left out when 0 (proto3 JSON); -1 means unlimited.
   */
  quotaInfo: {
    host: 'cloudquotas.googleapis.com',
    path: '/v1/projects/{project}/locations/global/services/{service}/quotaInfos/{quotaId}',
    permission: 'cloudquotas.quotas.get',
    role: 'roles/cloudquotas.viewer',
    source: source(
      'https://cloud.google.com/docs/quotas/reference/rest/v1/projects.locations.services.quotaInfos/get (IAM: cloudquotas.quotas.get); googleapis/googleapis google/api/cloudquotas/v1/resources.proto (QuotaInfo, DimensionsInfo, QuotaDetails)',
      CHECKED,
    ),
  },
  /** TPU v2 `acceleratorTypes.list`: `{acceleratorTypes: [{name, type, acceleratorConfigs}], nextPageToken}`. */
  acceleratorTypes: {
    host: 'tpu.googleapis.com',
    path: '/v2/projects/{project}/locations/{zone}/acceleratorTypes',
    permission: 'tpu.acceleratortypes.list',
    role: 'roles/tpu.viewer',
    source: source(
      'https://cloud.google.com/tpu/docs/reference/rest/v2/projects.locations.acceleratorTypes/list; https://cloud.google.com/tpu/docs/tpu-iam-permissions',
      CHECKED,
    ),
  },
  /** Compute Engine `reservations.get` (see TPU_V6E_RESERVATION for what a v6e reservation holds). */
  reservation: {
    host: 'compute.googleapis.com',
    path: '/compute/v1/projects/{project}/zones/{zone}/reservations/{reservation}',
    permission: 'compute.reservations.get',
    role: 'roles/compute.viewer',
    source: source('https://cloud.google.com/compute/docs/reference/rest/v1/reservations/get', CHECKED),
  },
  /**
   * Org Policy v2 `getEffectivePolicy`: the policy merged over the hierarchy with conditions evaluated:
   * `{name, spec: {rules: [{values: {allowedValues, deniedValues}} | {allowAll} | {denyAll} | {enforce}]}}`.
   * `projects/{project_id}/…` is accepted in requests (responses use the number).
   */
  effectivePolicy: {
    host: 'orgpolicy.googleapis.com',
    path: '/v2/projects/{project}/policies/{constraint}:getEffectivePolicy',
    permission: 'orgpolicy.policy.get',
    role: 'roles/orgpolicy.policyViewer',
    source: source(
      'googleapis/googleapis google/cloud/orgpolicy/v2/orgpolicy.proto (GetEffectivePolicy, Policy.name, PolicySpec.PolicyRule); https://cloud.google.com/resource-manager/docs/organization-policy/reference/rest/v2/projects.policies/getEffectivePolicy',
      CHECKED,
    ),
  },
  /** Cloud Storage JSON API `buckets.get`: `{name, location, versioning: {enabled}}`. */
  bucket: {
    host: 'storage.googleapis.com',
    path: '/storage/v1/b/{bucket}',
    permission: 'storage.buckets.get',
    role: 'roles/storage.legacyBucketReader on the state bucket',
    source: source(
      'https://cloud.google.com/storage/docs/json_api/v1/buckets/get; https://cloud.google.com/storage/docs/access-control/iam-roles (legacyBucketReader: storage.buckets.get, storage.objects.list)',
      CHECKED,
    ),
  },
} as const satisfies Record<string, PreflightEndpoint>;

export type PreflightEndpointName = keyof typeof PREFLIGHT_ENDPOINTS;

/** Service Usage's batchGet limit, and the state that counts as on. */
export const SERVICE_USAGE = { maxNamesPerBatchGet: 30, enabledState: 'ENABLED' } as const;

/**
 * The Cloud TPU API's v6e quotas, in chips (v6e has one TensorCore per chip, so chips and TensorCores
 * agree). Spot draws on the preemptible quota; reserved capacity is checked against its reservation.
 * A TPU request must fit the zone quota and the region quota: a project can hold zonal v6e quota and 0
 * in the region, and the TPU API then refuses with the region quota's id.
 *
 * Google's quota page names the quota types (on-demand, preemptible, reserved) but not the ids: these
 * are the ids the TPU API names in its RESOURCE_EXHAUSTED errors and Cloud Quotas lists under
 * tpu.googleapis.com, as seen in public error reports and tools (the ASSUMPTION is that they are
 * current). A quota id Cloud Quotas does not know answers 404, which preflight reports as `warn`.
 */
export const TPU_V6E_QUOTA = {
  service: 'tpu.googleapis.com',
  onDemand: { zone: 'TPUV6EPerProjectPerZoneForTPUAPI', region: 'TPUV6EPerProjectPerRegionForTPUAPI' },
  preemptible: {
    zone: 'TPUV6EPreemptiblePerProjectPerZoneForTPUAPI',
    region: 'TPUV6EPreemptiblePerProjectPerRegionForTPUAPI',
  },
  /** The dimension keys in `dimensionsInfos[].dimensions`. */
  dimension: { zone: 'zone', region: 'region' },
  unit: 'chips',
  /** A quota value meaning no limit. */
  unlimited: -1,
  evidence: 'public error reports and tools, not a Google page',
  source: source(
    'https://cloud.google.com/tpu/docs/quota (quota types; v6e quota is 0 until granted; v4 and later counted in chips); github.com/marin-community/marin pull request #1612 (TPU API error "Quota limit \'TPUV6EPreemptiblePerProjectPerRegionForTPUAPI\' has been exceeded. Limit: 0 in region us-east5" with zonal quota granted); public tools using TPUV6EPerProjectPerZoneForTPUAPI and TPUV6EPreemptiblePerProjectPerZoneForTPUAPI with Cloud Quotas',
    CHECKED,
  ),
} as const;

/**
 * How a v6e reservation appears in Compute Engine. ASSUMPTION (Google documents no v6e reservation in
 * the TPU v2 API: its `reservations.list` exists only in v2alpha1): v6e reservations are Compute Engine
 * reservations, either specific (VMs of a `ct6e-standard-<n>t` machine type, n chips each:
 * `specificReservation {count, inUseCount, instanceProperties.machineType}`, int64 counts as JSON
 * strings) or aggregate (`aggregateReservation {vmFamily, reservedResources[].accelerator.acceleratorCount,
 * inUseResources[]}`, the form Compute Engine documents "for TPU reservations"). Evidence: the consume
 * page names a shared reservation `projects/OWNER_PROJECT_ID/reservations/NAME` (Compute Engine's form),
 * reservation sharing uses Compute Engine's `compute.sharedReservationsOwnerProjects`, and calendar-mode
 * TPU reservations are created by Compute Engine.
 */
export const TPU_V6E_RESERVATION = {
  vmFamily: 'VM_FAMILY_CLOUD_TPU_LITE_POD_SLICE_CT6E',
  /** A v6e machine type; group 1: chips per VM. */
  machineTypePattern: '^ct6e-standard-([0-9]+)t$',
  readyStatus: 'READY',
  assumption:
    'v6e reservations are Compute Engine reservations (specific ct6e-standard-<n>t VMs or an aggregate CT6E one)',
  source: source(
    'https://cloud.google.com/compute/docs/reference/rest/v1/reservations (specificReservation, aggregateReservation.vmFamily "Use for TPU reservations"); https://cloud.google.com/tpu/docs/consume-reservation; https://cloud.google.com/tpu/docs/share-reservation; https://cloud.google.com/tpu/docs/calendar-mode-reservation; https://cloud.google.com/tpu/docs/reference/rest/v2alpha1/projects.locations.reservations/list',
    CHECKED,
  ),
} as const;

export type ConstraintKind = 'boolean' | 'list';

export interface OrgPolicyConstraint {
  /** The constraint name without `constraints/`. */
  readonly name: string;
  readonly kind: ConstraintKind;
  /** What it restricts, in a few words. */
  readonly what: string;
  readonly source: Source;
}

const CONSTRAINTS_PAGE = 'https://cloud.google.com/resource-manager/docs/organization-policy/org-policy-constraints';

/** The organization policy constraints a deployment of this stack can run into. */
export const PREFLIGHT_CONSTRAINTS: readonly OrgPolicyConstraint[] = [
  {
    name: 'compute.vmExternalIpAccess',
    kind: 'list',
    what: 'which VMs may have an external IP',
    source: source(CONSTRAINTS_PAGE, CHECKED),
  },
  {
    name: 'compute.requireOsLogin',
    kind: 'boolean',
    what: 'OS Login required on new VMs',
    source: source(CONSTRAINTS_PAGE, CHECKED),
  },
  {
    name: 'compute.requireShieldedVm',
    kind: 'boolean',
    what: 'new VMs must be Shielded VMs with Secure Boot',
    source: source(CONSTRAINTS_PAGE, CHECKED),
  },
  {
    name: 'gcp.restrictNonCmekServices',
    kind: 'list',
    what: 'services whose resources must use CMEK (its denied values)',
    source: source(`${CONSTRAINTS_PAGE}; https://cloud.google.com/kms/docs/cmek-org-policy`, CHECKED),
  },
  {
    name: 'iam.allowedPolicyMemberDomains',
    kind: 'list',
    what: 'whose identities may be granted roles (Workspace customer ids)',
    source: source(
      `${CONSTRAINTS_PAGE}; https://cloud.google.com/resource-manager/docs/organization-policy/restricting-domains`,
      CHECKED,
    ),
  },
  {
    name: 'gcp.resourceLocations',
    kind: 'list',
    what: 'where location-based resources may be created',
    source: source(
      `${CONSTRAINTS_PAGE}; https://cloud.google.com/resource-manager/docs/organization-policy/defining-locations`,
      CHECKED,
    ),
  },
];

/**
 * Values of `gcp.resourceLocations`: a location listed plainly covers only itself (allowing a region
 * does not allow its zones); `in:<location>-locations` covers the location and everything in it;
 * other `in:` value groups are curated by Google. Preflight evaluates the groups below by region prefix
 * (ASSUMPTION: `in:us-locations` holds the `us-*` regions and their zones, and so on); any other group
 * is reported as not evaluated (`warn`).
 */
export const RESOURCE_LOCATION_VALUES = {
  valuePrefix: 'in:',
  groupSuffix: '-locations',
  /** Plain values may carry `is:`; it changes nothing. */
  plainPrefix: 'is:',
  regionPrefixGroups: ['us', 'europe', 'asia'] as readonly string[],
  source: source(
    'https://cloud.google.com/resource-manager/docs/organization-policy/defining-locations (value groups, in: prefix, "Allowing or denying a multi-region or region does not imply that all included sub-locations")',
    CHECKED,
  ),
} as const;
