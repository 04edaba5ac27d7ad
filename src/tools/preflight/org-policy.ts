import { REQUIRED_SERVICES, RESOURCE_LOCATION_VALUES } from '../../catalog';
import type { Verdict } from './report';

/**
 * Organization policies, as `getEffectivePolicy` returns them, judged against what this stack creates.
 * Pure functions: the caller fetched the policy.
 *
 * What the stack does, as these judgments assume it: no external IPs anywhere (TPU VMs and queued
 * nodes set `enableExternalIps: false`, Dataproc workers have internal IPs only); `enable-oslogin=TRUE`
 * on every TPU VM; Shielded VM Secure Boot off by default (`secureBoot`, not settable on queued
 * training nodes); CMEK only for the data lake bucket, and only when `bucket.encryption` asks for it;
 * IAM grants only to service accounts the stack creates in the project (plus, with CMEK, the project's
 * Cloud Storage service agent on the key); regional resources in `region`, the TPU in `zone`.
 */

export interface PolicyRule {
  readonly values?: { readonly allowedValues?: readonly string[]; readonly deniedValues?: readonly string[] };
  readonly allowAll?: boolean;
  readonly denyAll?: boolean;
  readonly enforce?: boolean;
  readonly condition?: unknown;
}

export interface StackFacts {
  readonly region: string;
  readonly zone: string;
  /** `google-managed`, `cmek`, or a Cloud KMS key name (bucket.encryption). */
  readonly bucketEncryption: string;
}

export interface Judgment {
  readonly wanted: string;
  readonly found: string;
  readonly verdict: Verdict;
}

/** The rules of an effective policy, or undefined when the answer is not a Policy. No `spec`: no policy set. */
export function policyRules(body: unknown): PolicyRule[] | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const spec = (body as { spec?: unknown }).spec;
  if (spec === undefined) return [];
  if (!spec || typeof spec !== 'object') return undefined;
  const rules = (spec as { rules?: unknown }).rules;
  if (rules === undefined) return [];
  if (!Array.isArray(rules) || !rules.every((r) => r && typeof r === 'object' && !Array.isArray(r))) return undefined;
  return rules as PolicyRule[];
}

interface ListPolicy {
  readonly allowAll: boolean;
  readonly denyAll: boolean;
  readonly allowed: readonly string[];
  readonly denied: readonly string[];
  readonly conditional: boolean;
}

/**
 * Rules merged; a rule with a condition (tags) is counted as applying, the stricter reading (the
 * effective policy normally has conditions evaluated away already).
 */
function listPolicy(rules: readonly PolicyRule[]): ListPolicy {
  return {
    allowAll: rules.some((r) => r.allowAll === true),
    denyAll: rules.some((r) => r.denyAll === true),
    allowed: rules.flatMap((r) => r.values?.allowedValues ?? []),
    denied: rules.flatMap((r) => r.values?.deniedValues ?? []),
    conditional: rules.some((r) => r.condition !== undefined),
  };
}

function describeList(p: ListPolicy): string {
  const parts: string[] = [];
  if (p.denyAll) parts.push('denyAll');
  else if (p.allowAll) parts.push('allowAll');
  if (p.allowed.length) parts.push(`allowed: ${p.allowed.join(', ')}`);
  if (p.denied.length) parts.push(`denied: ${p.denied.join(', ')}`);
  if (!parts.length) parts.push('not set (all allowed)');
  if (p.conditional) parts.push('(conditional rules counted as applying)');
  return parts.join('; ');
}

function enforced(rules: readonly PolicyRule[]): boolean {
  return rules.some((r) => r.enforce === true);
}

function describeBoolean(rules: readonly PolicyRule[]): string {
  const conditional = rules.some((r) => r.condition !== undefined) ? ' (conditional rules counted as applying)' : '';
  return `${enforced(rules) ? 'enforced' : 'not enforced'}${conditional}`;
}

const plain = (value: string) =>
  value.startsWith(RESOURCE_LOCATION_VALUES.plainPrefix)
    ? value.slice(RESOURCE_LOCATION_VALUES.plainPrefix.length)
    : value;

/** Judges one constraint's effective rules against this stack. */
export function judgeConstraint(name: string, rules: readonly PolicyRule[], stack: StackFacts): Judgment {
  const cmek = stack.bucketEncryption !== 'google-managed';
  switch (name) {
    case 'compute.vmExternalIpAccess':
      return {
        wanted: 'no external IPs (the stack uses none)',
        found: describeList(listPolicy(rules)),
        verdict: 'ok',
      };
    case 'compute.requireOsLogin':
      return {
        wanted: 'OS Login (enable-oslogin=TRUE on every TPU VM)',
        found: describeBoolean(rules),
        verdict: 'ok',
      };
    case 'compute.requireShieldedVm':
      return enforced(rules)
        ? {
            wanted: 'not enforced: TPU VMs run without Secure Boot by default',
            found: `${describeBoolean(rules)}: TPU VMs here have Secure Boot off (tpu secureBoot default false; queued training nodes cannot set it); Google does not say whether it applies to TPU VMs`,
            verdict: 'warn',
          }
        : {
            wanted: 'not enforced: TPU VMs run without Secure Boot by default',
            found: describeBoolean(rules),
            verdict: 'ok',
          };
    case 'gcp.restrictNonCmekServices': {
      const p = listPolicy(rules);
      const withoutCmek = REQUIRED_SERVICES.filter((s) => !(cmek && s === 'storage.googleapis.com'));
      const denied = new Set(p.denied.map(plain));
      const blocked = withoutCmek.filter((s) => p.denyAll || denied.has(s));
      const wanted = `CMEK not required for the stack's services (CMEK: ${cmek ? 'data lake bucket only' : 'none'})`;
      return blocked.length
        ? {
            wanted,
            found: `${describeList(p)}: requires CMEK for ${blocked.join(', ')}, which the stack creates without one`,
            verdict: 'BLOCKER',
          }
        : { wanted, found: describeList(p), verdict: 'ok' };
    }
    case 'iam.allowedPolicyMemberDomains': {
      const p = listPolicy(rules);
      const wanted = 'grants only to service accounts of the project';
      if (p.denyAll)
        return { wanted, found: `${describeList(p)}: no identity may be granted a role`, verdict: 'BLOCKER' };
      const restricted = !p.allowAll && (p.allowed.length > 0 || p.denied.length > 0);
      if (restricted && cmek)
        return {
          wanted,
          found: `${describeList(p)}: the stack also grants the Cloud Storage service agent (a Google-managed account) use of the bucket key; check that the policy allows it`,
          verdict: 'warn',
        };
      return {
        wanted,
        found: restricted
          ? `${describeList(p)} (service accounts created in the project belong to its organization)`
          : describeList(p),
        verdict: 'ok',
      };
    }
    case 'gcp.resourceLocations':
      return judgeLocations(listPolicy(rules), stack);
    default:
      return { wanted: '(not evaluated)', found: describeList(listPolicy(rules)), verdict: 'warn' };
  }
}

/** true: the value covers the location; false: it does not; undefined: a value group not evaluated here. */
export function locationCovered(value: string, location: string, region: string): boolean | undefined {
  const v = plain(value);
  const { valuePrefix, groupSuffix, regionPrefixGroups } = RESOURCE_LOCATION_VALUES;
  if (!v.startsWith(valuePrefix)) return v === location;
  if (!v.endsWith(groupSuffix)) return undefined;
  const group = v.slice(valuePrefix.length, -groupSuffix.length);
  if (group === location || group === region) return true;
  if (regionPrefixGroups.includes(group)) return region.startsWith(`${group}-`);
  // `in:<other region or zone>-locations`: a location group that is not ours.
  if (/^[a-z]+-[a-z]+[0-9]+(-[a-z0-9]+)?$/.test(group)) return false;
  return undefined;
}

function judgeLocations(p: ListPolicy, stack: StackFacts): Judgment {
  const wanted = `${stack.region} (regional resources) and ${stack.zone} (the TPU)`;
  const refused: string[] = [];
  const unsure: string[] = [];
  for (const location of [stack.region, stack.zone]) {
    const denied = p.denied.map((v) => locationCovered(v, location, stack.region));
    if (p.denyAll || denied.includes(true)) {
      refused.push(location);
      continue;
    }
    const allowed = p.allowed.map((v) => locationCovered(v, location, stack.region));
    const allowedOk = p.allowAll || p.allowed.length === 0 || allowed.includes(true);
    if (!allowedOk && !allowed.includes(undefined)) refused.push(location);
    else if (!allowedOk || denied.includes(undefined)) unsure.push(location);
  }
  const found = describeList(p);
  if (refused.length) return { wanted, found: `${found}: refuses ${refused.join(' and ')}`, verdict: 'BLOCKER' };
  if (unsure.length)
    return {
      wanted,
      found: `${found}: value groups not evaluated here decide ${unsure.join(' and ')}`,
      verdict: 'warn',
    };
  return { wanted, found, verdict: 'ok' };
}
