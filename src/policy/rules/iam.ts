import { ACT_AS_ROLES, BASIC_ROLES, RESOURCE_HIERARCHY_IAM_PREFIXES } from '../../catalog';
import { Resource, TerraformDocument, UNKNOWN } from '../terraform';
import { Rule, Violation } from '../types';
import { Grant, grantsOf, iamKind, violation } from './grants';

function iamResources(doc: TerraformDocument) {
  return doc.resources.filter((r) => iamKind(r.type) !== undefined);
}

function atHierarchyLevel(type: string): boolean {
  return RESOURCE_HIERARCHY_IAM_PREFIXES.some((p) => type.startsWith(p));
}

function grantsWithRole(doc: TerraformDocument, roles: readonly string[], types: (t: string) => boolean) {
  const out: { resource: Resource; grant: Grant }[] = [];
  for (const r of iamResources(doc).filter((x) => types(x.type))) {
    const grants = grantsOf(doc, r);
    if (grants === UNKNOWN) continue;
    for (const g of grants)
      if (typeof g.role === 'string' && roles.includes(g.role)) out.push({ resource: r, grant: g });
  }
  return out;
}

function members(g: Grant): string {
  const named = g.members.filter((m): m is string => typeof m === 'string');
  return named.length ? named.join(', ') : 'its members';
}

export const basicRoles: Rule = {
  id: 'TPU-IAM-001',
  checkov: 'CKV_GCP_117',
  level: 'error',
  title: 'Basic role (owner, editor, viewer) granted',
  check(doc) {
    return grantsWithRole(doc, BASIC_ROLES, () => true).map(({ resource, grant }) =>
      violation(
        resource,
        `grants ${grant.role as string} to ${members(grant)}: basic roles carry thousands of permissions across every service`,
        'grant the predefined roles the principal needs (e.g. roles/storage.objectViewer, roles/dataproc.worker)',
      ),
    );
  },
};

export const projectActAs: Rule = {
  id: 'TPU-IAM-002',
  checkov: 'CKV_GCP_41, CKV_GCP_49',
  level: 'error',
  title: 'Service Account User or Token Creator granted at project (or folder, organization) level',
  check(doc) {
    return grantsWithRole(doc, ACT_AS_ROLES, atHierarchyLevel).map(({ resource, grant }) =>
      violation(
        resource,
        `grants ${grant.role as string} to ${members(grant)} on the whole ${resource.type.split('_')[1]}: it can act as every service account there`,
        'grant the role on the one service account instead (google_service_account_iam_member; WorkloadServiceAccount.grantActAs in this project)',
      ),
    );
  },
};

export const serviceAccountKeys: Rule = {
  id: 'TPU-IAM-003',
  level: 'error',
  title: 'Service account key created',
  check(doc) {
    return doc
      .ofType('google_service_account_key')
      .map((r) =>
        violation(
          r,
          'creates a long-lived service account key, which lands in Terraform state and never expires by default',
          'remove the key: run workloads as the service account (attached to the TPU VM or batch) or use Workload Identity Federation',
        ),
      );
  },
};

/**
 * Authoritative IAM at project, folder or organization level: `*_iam_policy` replaces the whole
 * policy, `*_iam_binding` every member of a role, removing grants made by others (other teams,
 * Google's own service agents). `google_project_iam_audit_config` is not flagged: it is
 * authoritative only for the audit-log settings of one service, grants nothing, and is the only
 * way to turn on Data Access audit logs in Terraform.
 */
export const authoritativeIam: Rule = {
  id: 'TPU-IAM-004',
  level: 'error',
  title: 'Authoritative IAM at project level (*_iam_policy, *_iam_binding); audit_config allowed',
  check(doc) {
    const out: Violation[] = [];
    for (const r of iamResources(doc)) {
      const kind = iamKind(r.type);
      if (!atHierarchyLevel(r.type) || (kind !== 'policy' && kind !== 'binding')) continue;
      const what = kind === 'policy' ? 'replaces the whole IAM policy' : 'replaces every member of its role';
      out.push(
        violation(
          r,
          `${what}, removing grants made outside this configuration (including Google service agents)`,
          `use ${r.type.replace(/_(policy|binding)$/, '_member')} (additive), one per member and role`,
        ),
      );
    }
    return out;
  },
};
