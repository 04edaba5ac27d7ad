import { Resource, TerraformDocument, UNKNOWN, Unknown, isObject } from '../terraform';
import { Violation } from '../types';
import { shown } from '../../core/problem-line';

/** One role granted to some members, as far as the JSON tells. */
export interface Grant {
  readonly role: string | Unknown;
  readonly members: readonly (string | Unknown)[];
}

export type IamKind = 'member' | 'binding' | 'policy';

/** `member`, `binding` or `policy` for an IAM resource type (`google_*_iam_member` ...), else undefined. */
export function iamKind(type: string): IamKind | undefined {
  const m = /^google_[a-z0-9_]+_iam_(member|binding|policy)$/.exec(type);
  return m ? (m[1] as IamKind) : undefined;
}

const POLICY_DATA_REF = /^\$\{\s*data\.google_iam_policy\.([\w-]+)\.policy_data\s*\}$/;

/**
 * The grants an IAM resource makes. `*_iam_policy` is read from a literal JSON policy or from the
 * `google_iam_policy` data source it references; anything else is UNKNOWN.
 */
export function grantsOf(doc: TerraformDocument, resource: Resource): Grant[] | Unknown {
  const { body } = resource;
  switch (iamKind(resource.type)) {
    case 'member':
      return [{ role: str(doc.string(body, 'role')), members: [str(doc.string(body, 'member'))] }];
    case 'binding': {
      const members = doc.strings(body, 'members');
      return [{ role: str(doc.string(body, 'role')), members: members === UNKNOWN ? [UNKNOWN] : (members ?? []) }];
    }
    case 'policy':
      return policyGrants(doc, body.policy_data);
    default:
      return [];
  }
}

function str(v: string | undefined | Unknown): string | Unknown {
  return v === undefined ? UNKNOWN : v;
}

function policyGrants(doc: TerraformDocument, policyData: unknown): Grant[] | Unknown {
  if (typeof policyData !== 'string') return UNKNOWN;
  const ref = POLICY_DATA_REF.exec(policyData);
  if (ref) {
    const data = doc.dataSource('google_iam_policy', ref[1]);
    const bindings = doc.blocks(data, 'binding');
    if (!data || bindings === UNKNOWN) return UNKNOWN;
    return bindings.map((b) => {
      const members = doc.strings(b, 'members');
      return { role: str(doc.string(b, 'role')), members: members === UNKNOWN ? [UNKNOWN] : (members ?? []) };
    });
  }
  if (policyData.includes('${')) return UNKNOWN;
  try {
    const parsed: unknown = JSON.parse(policyData);
    const bindings = isObject(parsed) && Array.isArray(parsed.bindings) ? parsed.bindings : [];
    return bindings.filter(isObject).map((b) => ({
      role: typeof b.role === 'string' ? b.role : UNKNOWN,
      members: Array.isArray(b.members) ? b.members.map((m) => (typeof m === 'string' ? m : UNKNOWN)) : [],
    }));
  } catch {
    return UNKNOWN;
  }
}

/** Shorthand for a violation. */
export function violation(resource: Resource, reason: string, fix: string): Violation {
  return { resource, reason, fix };
}

/** `"value"` for messages: as every problem line shows a value (escaped, long ones shortened). */
export function q(value: unknown): string {
  return shown(value);
}
