import {
  CapacityMode,
  findSlice,
  PREFLIGHT_CONSTRAINTS,
  PREFLIGHT_ENDPOINTS,
  PreflightEndpoint,
  REQUIRED_SERVICES,
  SERVICE_USAGE,
  TPU_V6E_QUOTA,
  TPU_V6E_RESERVATION,
  TpuSlice,
} from '../../catalog';
import { shown } from '../../core/problem-line';
import { fillPath, GetResult, Query } from './http';
import { judgeConstraint, policyRules } from './org-policy';
import type { Row, Verdict } from './report';

/**
 * The checks, each turning GET answers into rows. Every failure of a call (403, 404, 429, other
 * statuses, a timeout, a broken connection, a body that is not JSON or not the expected shape) is one
 * row naming the check, never an exception.
 */

/** What the checks read from an environment's configuration. */
export interface PreflightTarget {
  readonly projectId: string;
  readonly region: string;
  readonly zone: string;
  readonly acceleratorType: string;
  readonly capacity: CapacityMode;
  readonly slices: number;
  /** An always-on development TPU VM of the same type and capacity (tpu.devVm). */
  readonly devVm: boolean;
  /** `<name>` or `projects/<p>/locations/<zone>/reservations/<name>` (training.reservation). */
  readonly reservation: string | null;
  readonly stateBucket: string;
  readonly bucketEncryption: string;
}

/** The one thing the checks need from the HTTP client. */
export interface Api {
  get(host: string, path: string, query?: Query): Promise<GetResult>;
}

type Failure = Exclude<GetResult, { kind: 'json' }>;

interface FailureContext {
  readonly check: string;
  readonly wanted: string;
  readonly endpoint: PreflightEndpoint;
  /** What a 404 means for this check; default: `warn` with Google's message. */
  readonly notFound?: (found: string) => Row;
}

/** One row for a call that did not give a usable answer. */
export function failureRow(ctx: FailureContext, result: Failure): Row {
  const row = (found: string, verdict: Verdict = 'warn'): Row => ({
    check: ctx.check,
    wanted: ctx.wanted,
    found,
    verdict,
  });
  switch (result.kind) {
    case 'timeout':
      return row(`no answer within ${result.timeoutMs} ms; not checked`);
    case 'network':
      return row(`request failed: ${shown(result.message)}; not checked`);
    case 'malformed':
      return row(`HTTP ${result.status}: not JSON: ${shown(result.text)}; not checked`);
    case 'http-error': {
      const head = `HTTP ${result.status}${result.statusName ? ` ${result.statusName}` : ''}: ${shown(result.message)}`;
      if (result.status === 403 && result.reason === 'SERVICE_DISABLED')
        return row(`${head}; not checked: enable ${result.service ?? 'that API'} in the quota project to read it`);
      if (result.status === 403)
        return row(`${head}; not checked: reading it needs ${ctx.endpoint.role} (${ctx.endpoint.permission})`);
      if (result.status === 404 && ctx.notFound) return ctx.notFound(head);
      if (result.status === 429) return row(`${head}; not checked: rate-limited, run again later`);
      return row(`${head}; not checked`);
    }
  }
}

/** A 2xx answer whose JSON is not what the API documents. */
function unexpected(ctx: FailureContext, body: unknown): Row {
  return {
    check: ctx.check,
    wanted: ctx.wanted,
    found: `unexpected answer: ${shown(body)}; not checked`,
    verdict: 'warn',
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------
// APIs

export async function checkServices(api: Api, t: PreflightTarget): Promise<Row[]> {
  const ep = PREFLIGHT_ENDPOINTS.services;
  const ctx: FailureContext = {
    check: 'APIs enabled',
    wanted: `the ${REQUIRED_SERVICES.length} APIs of REQUIRED_SERVICES`,
    endpoint: ep,
  };
  const enabled = new Set<string>();
  for (let i = 0; i < REQUIRED_SERVICES.length; i += SERVICE_USAGE.maxNamesPerBatchGet) {
    const names = REQUIRED_SERVICES.slice(i, i + SERVICE_USAGE.maxNamesPerBatchGet).map(
      (s) => `projects/${t.projectId}/services/${s}`,
    );
    const r = await api.get(ep.host, fillPath(ep.path, { project: t.projectId }), { names });
    if (r.kind !== 'json') return [failureRow(ctx, r)];
    const services = isObject(r.body) ? r.body.services : undefined;
    if (!Array.isArray(services) || !services.every(isObject)) return [unexpected(ctx, r.body)];
    for (const s of services) {
      const config = isObject(s.config) ? s.config : {};
      const name =
        typeof config.name === 'string'
          ? config.name
          : String(s.name ?? '')
              .split('/')
              .pop();
      if (s.state === SERVICE_USAGE.enabledState && name) enabled.add(name);
    }
  }
  const missing = REQUIRED_SERVICES.filter((s) => !enabled.has(s));
  const { check, wanted } = ctx;
  return missing.length
    ? [
        {
          check,
          wanted,
          found: `not enabled: ${missing.join(', ')} (the deploy enables them, google_project_service: its identity needs serviceusage.services.enable)`,
          verdict: 'warn',
        },
      ]
    : [{ check, wanted, found: 'all enabled', verdict: 'ok' }];
}

// ---------------------------------------------------------------------------------------------------
// TPU capacity: chips, quota, the accelerator type, the reservation

/** Slices one training run holds at once, plus the always-on development VM when there is one. */
export function slicesWanted(t: PreflightTarget): number {
  return t.slices + (t.devVm ? 1 : 0);
}

function sliceOf(t: PreflightTarget): TpuSlice {
  const slice = findSlice(t.acceleratorType);
  if (!slice) throw new Error(`not a v6e accelerator type: ${t.acceleratorType}`);
  return slice;
}

export function chipsWanted(t: PreflightTarget): number {
  return sliceOf(t).chips * slicesWanted(t);
}

function describeChips(t: PreflightTarget): string {
  const slice = sliceOf(t);
  const training = `${t.acceleratorType} (${slice.chips} chips) × ${t.slices} slice${t.slices > 1 ? 's' : ''}`;
  return `${chipsWanted(t)} chips: ${training}${t.devVm ? ` + the dev VM (${slice.chips})` : ''}`;
}

/**
 * The quota value for one location: the entry for that location, else the entry without that
 * dimension (it applies to every location without an entry of its own); a value left out is 0.
 */
export function quotaValue(body: unknown, dimension: string, location: string): number | undefined {
  if (!isObject(body)) return undefined;
  const infos = body.dimensionsInfos ?? [];
  if (!Array.isArray(infos) || !infos.every(isObject)) return undefined;
  const dims = (d: Record<string, unknown>) => (isObject(d.dimensions) ? d.dimensions : {});
  const applies = (d: Record<string, unknown>) =>
    !Array.isArray(d.applicableLocations) || d.applicableLocations.includes(location);
  const pick =
    infos.find((d) => dims(d)[dimension] === location) ??
    infos.find((d) => dims(d)[dimension] === undefined && applies(d));
  if (!pick) return 0;
  const details = isObject(pick.details) ? pick.details : {};
  const value = Number(details.value ?? 0);
  return Number.isFinite(value) ? value : undefined;
}

export async function checkQuota(api: Api, t: PreflightTarget): Promise<Row[]> {
  const ep = PREFLIGHT_ENDPOINTS.quotaInfo;
  const preemptible = t.capacity === 'spot';
  const ids = preemptible ? TPU_V6E_QUOTA.preemptible : TPU_V6E_QUOTA.onDemand;
  const chips = chipsWanted(t);
  const wanted = describeChips(t);
  const scopes = [
    { dimension: TPU_V6E_QUOTA.dimension.zone, location: t.zone, quotaId: ids.zone },
    { dimension: TPU_V6E_QUOTA.dimension.region, location: t.region, quotaId: ids.region },
  ];
  return Promise.all(
    scopes.map(async ({ dimension, location, quotaId }): Promise<Row> => {
      const check = `${preemptible ? 'preemptible (spot)' : 'on-demand'} v6e quota in ${location} (${quotaId})`;
      const ctx: FailureContext = {
        check,
        wanted,
        endpoint: ep,
        notFound: (head) => ({
          check,
          wanted,
          found: `${head}; not checked: quota id unknown to Cloud Quotas`,
          verdict: 'warn',
        }),
      };
      const r = await api.get(
        ep.host,
        fillPath(ep.path, { project: t.projectId, service: TPU_V6E_QUOTA.service, quotaId }),
      );
      if (r.kind !== 'json') return failureRow(ctx, r);
      const value = quotaValue(r.body, dimension, location);
      if (value === undefined) return unexpected(ctx, r.body);
      if (value === TPU_V6E_QUOTA.unlimited) return { check, wanted, found: 'unlimited', verdict: 'ok' };
      return value < chips
        ? {
            check,
            wanted,
            found: `${value} chips: too few; v6e quota is requested through Google Cloud support`,
            verdict: 'BLOCKER',
          }
        : { check, wanted, found: `${value} chips`, verdict: 'ok' };
    }),
  );
}

/** How many list pages are followed at most (a zone lists a few dozen types). */
const MAX_PAGES = 20;

export async function checkAcceleratorType(api: Api, t: PreflightTarget): Promise<Row[]> {
  const ep = PREFLIGHT_ENDPOINTS.acceleratorTypes;
  const check = `accelerator type offered in ${t.zone}`;
  const wanted = t.acceleratorType;
  const ctx: FailureContext = {
    check,
    wanted,
    endpoint: ep,
    notFound: (head) => ({ check, wanted, found: `${head}: the TPU API knows no such zone`, verdict: 'BLOCKER' }),
  };
  const types: string[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await api.get(ep.host, fillPath(ep.path, { project: t.projectId, zone: t.zone }), { pageToken });
    if (r.kind !== 'json') return [failureRow(ctx, r)];
    const list = isObject(r.body) ? (r.body.acceleratorTypes ?? []) : undefined;
    if (!Array.isArray(list) || !list.every(isObject)) return [unexpected(ctx, r.body)];
    for (const a of list) {
      const type =
        typeof a.type === 'string'
          ? a.type
          : String(a.name ?? '')
              .split('/')
              .pop();
      if (type) types.push(type);
    }
    pageToken = isObject(r.body) && typeof r.body.nextPageToken === 'string' ? r.body.nextPageToken : undefined;
    if (!pageToken) break;
  }
  if (types.includes(t.acceleratorType)) return [{ check, wanted, found: 'offered to this project', verdict: 'ok' }];
  const v6e = types.filter((x) => x.startsWith('v6e-'));
  return [
    {
      check,
      wanted,
      found: `not offered to this project; v6e types listed: ${v6e.length ? v6e.join(', ') : 'none'}`,
      verdict: 'BLOCKER',
    },
  ];
}

/** The project, zone and name of `training.reservation` (a bare name is in the environment's project and zone). */
export function reservationParts(t: PreflightTarget): { project: string; zone: string; name: string } | undefined {
  if (t.reservation === null) return undefined;
  const full = /^projects\/([^/]+)\/locations\/([^/]+)\/reservations\/([^/]+)$/.exec(t.reservation);
  return full
    ? { project: full[1], zone: full[2], name: full[3] }
    : { project: t.projectId, zone: t.zone, name: t.reservation };
}

/** Judges a Compute Engine reservation (specific ct6e VMs, or an aggregate CT6E one) against the slices wanted. */
export function judgeReservation(
  body: Record<string, unknown>,
  t: PreflightTarget,
): { found: string; verdict: Verdict } {
  const slice = sliceOf(t);
  const zone = String(body.zone ?? '')
    .split('/')
    .pop();
  if (zone !== t.zone) return { found: `in zone ${zone || '(none)'}, not ${t.zone}`, verdict: 'BLOCKER' };
  const status = typeof body.status === 'string' ? body.status : '(no status)';
  const specific = isObject(body.specificReservation) ? body.specificReservation : undefined;
  const aggregate = isObject(body.aggregateReservation) ? body.aggregateReservation : undefined;
  let fit: { found: string; verdict: Verdict };
  if (specific) {
    const props = isObject(specific.instanceProperties) ? specific.instanceProperties : {};
    const machineType =
      String(props.machineType ?? '')
        .split('/')
        .pop() ?? '';
    const m = new RegExp(TPU_V6E_RESERVATION.machineTypePattern).exec(machineType);
    const chipsPerHost = slice.chips / slice.hosts;
    if (!m) return { found: `reserves ${machineType || 'no machine type'}, not v6e (ct6e)`, verdict: 'BLOCKER' };
    if (Number(m[1]) !== chipsPerHost)
      return {
        found: `reserves ${machineType}; ${t.acceleratorType} runs on ct6e-standard-${chipsPerHost}t hosts`,
        verdict: 'BLOCKER',
      };
    const free = Number(specific.count ?? 0) - Number(specific.inUseCount ?? 0);
    const need = slice.hosts * slicesWanted(t);
    fit =
      free >= need
        ? { found: `${free} free ${machineType} VMs (${need} needed)`, verdict: 'ok' }
        : { found: `${free} free ${machineType} VMs, ${need} needed`, verdict: 'BLOCKER' };
  } else if (aggregate) {
    if (aggregate.vmFamily !== TPU_V6E_RESERVATION.vmFamily)
      return {
        found: `aggregate reservation of ${String(aggregate.vmFamily ?? 'no VM family')}, not v6e`,
        verdict: 'BLOCKER',
      };
    const sum = (list: unknown) =>
      (Array.isArray(list) ? list : []).reduce<number>(
        (n, r) => n + Number((isObject(r) && isObject(r.accelerator) ? r.accelerator.acceleratorCount : 0) ?? 0),
        0,
      );
    const free = sum(aggregate.reservedResources) - sum(aggregate.inUseResources);
    const need = chipsWanted(t);
    fit =
      free >= need
        ? { found: `${free} free v6e chips (${need} needed)`, verdict: 'ok' }
        : { found: `${free} free v6e chips, ${need} needed`, verdict: 'BLOCKER' };
  } else {
    return { found: 'neither a specific nor an aggregate reservation; not checked', verdict: 'warn' };
  }
  if (status !== TPU_V6E_RESERVATION.readyStatus && fit.verdict === 'ok')
    return { found: `${fit.found}, but status ${status}`, verdict: 'warn' };
  return fit;
}

export async function checkReservation(api: Api, t: PreflightTarget): Promise<Row[]> {
  const parts = reservationParts(t);
  if (!parts) return [];
  const ep = PREFLIGHT_ENDPOINTS.reservation;
  const check = `reservation ${parts.name}${parts.project === t.projectId ? '' : ` (project ${parts.project})`}`;
  const wanted = `READY in ${t.zone}, room for ${describeChips(t)}`;
  const ctx: FailureContext = {
    check,
    wanted,
    endpoint: ep,
    notFound: (head) => ({ check, wanted, found: `${head}: no such reservation in ${parts.zone}`, verdict: 'BLOCKER' }),
  };
  const r = await api.get(
    ep.host,
    fillPath(ep.path, { project: parts.project, zone: parts.zone, reservation: parts.name }),
  );
  if (r.kind !== 'json') return [failureRow(ctx, r)];
  if (!isObject(r.body)) return [unexpected(ctx, r.body)];
  return [{ check, wanted, ...judgeReservation(r.body, t) }];
}

// ---------------------------------------------------------------------------------------------------
// Organization policies

export async function checkOrgPolicies(api: Api, t: PreflightTarget): Promise<Row[]> {
  const ep = PREFLIGHT_ENDPOINTS.effectivePolicy;
  return Promise.all(
    PREFLIGHT_CONSTRAINTS.map(async (c): Promise<Row> => {
      const check = `org policy ${c.name}`;
      const wanted = judgeConstraint(c.name, [], t).wanted;
      const ctx: FailureContext = {
        check,
        wanted,
        endpoint: ep,
        notFound: (head) => ({ check, wanted, found: `${head}; not checked: constraint unknown`, verdict: 'warn' }),
      };
      const r = await api.get(ep.host, fillPath(ep.path, { project: t.projectId, constraint: c.name }));
      if (r.kind !== 'json') return failureRow(ctx, r);
      const rules = policyRules(r.body);
      if (!rules) return unexpected(ctx, r.body);
      return { check, ...judgeConstraint(c.name, rules, t) };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// State bucket

export async function checkStateBucket(api: Api, t: PreflightTarget): Promise<Row[]> {
  const ep = PREFLIGHT_ENDPOINTS.bucket;
  const check = 'state bucket';
  const wanted = `gs://${t.stateBucket}, versioned`;
  const ctx: FailureContext = {
    check,
    wanted,
    endpoint: ep,
    notFound: (head) => ({
      check,
      wanted,
      found: `${head}: missing; npm run bootstrap -- <env> creates it`,
      verdict: 'BLOCKER',
    }),
  };
  const r = await api.get(ep.host, fillPath(ep.path, { bucket: t.stateBucket }));
  if (r.kind !== 'json') return [failureRow(ctx, r)];
  if (!isObject(r.body)) return [unexpected(ctx, r.body)];
  const versioned = isObject(r.body.versioning) && r.body.versioning.enabled === true;
  return [
    versioned
      ? { check, wanted, found: 'exists, versioned', verdict: 'ok' }
      : { check, wanted, found: 'exists, not versioned: an overwritten state cannot be recovered', verdict: 'warn' },
  ];
}
