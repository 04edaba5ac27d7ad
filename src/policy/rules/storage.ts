import { PRODUCTION_ENVIRONMENTS, PUBLIC_PREDEFINED_ACLS, PUBLIC_PRINCIPALS } from '../../catalog';
import { objects, Resource, TerraformDocument, UNKNOWN } from '../terraform';
import { Rule, Violation } from '../types';
import { grantsOf, q, violation } from './grants';
import { effectiveLabels } from './labels';

const BUCKET = 'google_storage_bucket';

const BUCKET_IAM = [
  'google_storage_bucket_iam_member',
  'google_storage_bucket_iam_binding',
  'google_storage_bucket_iam_policy',
];
const ACCESS_CONTROLS = [
  'google_storage_bucket_access_control',
  'google_storage_default_object_access_control',
  'google_storage_object_access_control',
];
const ACLS = ['google_storage_bucket_acl', 'google_storage_default_object_acl', 'google_storage_object_acl'];

function isPublic(member: unknown): boolean {
  return typeof member === 'string' && PUBLIC_PRINCIPALS.includes(member);
}

export const publicBucket: Rule = {
  id: 'TPU-GCS-001',
  checkov: 'CKV_GCP_28',
  level: 'error',
  title: 'Bucket IAM or ACL grants access to allUsers or allAuthenticatedUsers',
  check(doc) {
    const out: Violation[] = [];
    const fix =
      'grant a named principal (a service account or group) instead; keep public_access_prevention = "enforced" on the bucket';
    for (const r of doc.ofType(...BUCKET_IAM)) {
      const grants = grantsOf(doc, r);
      if (grants === UNKNOWN) continue;
      for (const g of grants) {
        const open = g.members.filter(isPublic);
        if (open.length)
          out.push(
            violation(
              r,
              `grants ${typeof g.role === 'string' ? g.role : 'a role'} to ${open.join(', ')}: anyone on the internet can use it`,
              fix,
            ),
          );
      }
    }
    for (const r of doc.ofType(...ACCESS_CONTROLS)) {
      const entity = doc.string(r.body, 'entity');
      if (isPublic(entity)) out.push(violation(r, `ACL entity ${q(entity)} makes the data public`, fix));
    }
    for (const r of doc.ofType(...ACLS)) {
      const predefined = doc.string(r.body, 'predefined_acl');
      if (typeof predefined === 'string' && PUBLIC_PREDEFINED_ACLS.includes(predefined)) {
        out.push(violation(r, `predefined_acl ${q(predefined)} makes the data public`, fix));
      }
      const entities = doc.strings(r.body, 'role_entity');
      const open =
        entities === UNKNOWN || entities === undefined ? [] : entities.filter((e) => isPublic(e.split(':')[1]));
      if (open.length) out.push(violation(r, `role_entity ${open.map(q).join(', ')} makes the data public`, fix));
    }
    return out;
  },
};

export const uniformAccess: Rule = {
  id: 'TPU-GCS-002',
  checkov: 'CKV_GCP_29',
  level: 'error',
  title: 'Bucket without uniform bucket-level access',
  check(doc) {
    return doc.ofType(BUCKET).flatMap((r) => {
      const v = doc.bool(r.body, 'uniform_bucket_level_access');
      if (v === true || v === UNKNOWN) return [];
      return [
        violation(
          r,
          `uniform_bucket_level_access is ${v === undefined ? 'not set (default false)' : 'false'}, so object ACLs can grant access that bucket IAM does not show`,
          'set uniform_bucket_level_access = true',
        ),
      ];
    });
  },
};

export const publicAccessPrevention: Rule = {
  id: 'TPU-GCS-003',
  checkov: 'CKV_GCP_114',
  level: 'error',
  title: 'Bucket without enforced public access prevention',
  check(doc) {
    return doc.ofType(BUCKET).flatMap((r) => {
      const v = doc.string(r.body, 'public_access_prevention');
      if (v === 'enforced' || v === UNKNOWN) return [];
      return [
        violation(
          r,
          `public_access_prevention is ${v === undefined ? 'not set ("inherited")' : q(v)}, so a grant to allUsers would make the data public`,
          'set public_access_prevention = "enforced"',
        ),
      ];
    });
  },
};

/** Whether a bucket is labelled as production (`environment` = prod or production). */
function isProduction(doc: TerraformDocument, r: Resource): boolean {
  const labels = effectiveLabels(doc, r);
  if (labels === undefined || labels === UNKNOWN) return false;
  const env = labels.environment;
  return typeof env === 'string' && PRODUCTION_ENVIRONMENTS.includes(env);
}

export const destroyableProdBucket: Rule = {
  id: 'TPU-GCS-004',
  level: 'error',
  title: 'Production data bucket that Terraform can destroy (no prevent_destroy, or force_destroy = true)',
  check(doc) {
    return doc.ofType(BUCKET).flatMap((r) => {
      if (!isProduction(doc, r)) return [];
      const lifecycle = doc.block(r.body, 'lifecycle');
      const prevent = lifecycle === UNKNOWN ? UNKNOWN : doc.bool(lifecycle, 'prevent_destroy');
      const force = doc.bool(r.body, 'force_destroy');
      const why: string[] = [];
      if (prevent !== true && prevent !== UNKNOWN) why.push('lifecycle.prevent_destroy is not true');
      if (force === true) why.push('force_destroy = true deletes every object with the bucket');
      if (why.length === 0) return [];
      return [
        violation(
          r,
          `labelled environment=prod and ${why.join('; ')}: a destroy or replacement would delete the training data`,
          'set lifecycle { prevent_destroy = true } and force_destroy = false (suppress with a reason for a bucket that holds no data)',
        ),
      ];
    });
  },
};

const TPU_TYPES = ['google_tpu_v2_vm', 'google_tpu_node', 'google_tpu_v2_queued_resource'];

/** The region of each TPU (from its zone or the provider's), UNKNOWN where an expression hides it. */
function tpuRegions(doc: TerraformDocument): { resource: Resource; region: string | typeof UNKNOWN }[] {
  return doc.ofType(...TPU_TYPES).map((r) => {
    let zone = doc.string(r.body, 'zone');
    if (zone === undefined) zone = doc.string(doc.providerFor(r), 'zone');
    return { resource: r, region: typeof zone === 'string' ? zone.replace(/-[a-z0-9]+$/, '') : UNKNOWN };
  });
}

export const bucketOutsideTpuRegion: Rule = {
  id: 'TPU-GCS-005',
  level: 'warning',
  title: "Data bucket outside the TPU's region",
  check(doc) {
    const tpus = tpuRegions(doc);
    if (tpus.length === 0) return [];
    const known = tpus.filter((t) => t.region !== UNKNOWN);
    const regions = [...new Set(known.map((t) => (t.region as string).toLowerCase()))];
    return doc.ofType(BUCKET).flatMap((r) => {
      const location = doc.string(r.body, 'location');
      if (typeof location !== 'string' || regions.includes(location.toLowerCase())) return [];
      if (known.length < tpus.length) return []; // a TPU's region is an expression: do not guess
      const tpu = known[0];
      return [
        violation(
          r,
          `location ${q(location)} is not the region of ${tpu.resource.address} (${regions.join(', ')}): training reads leave the TPU's region, with lower throughput than a bucket beside it`,
          `create the bucket in ${regions[0]} (location = "${regions[0].toUpperCase()}")`,
        ),
      ];
    });
  },
};

/** The bucket the GCS backend keeps this configuration's state in, when the JSON shows the backend. */
function backendBucket(doc: TerraformDocument): string | undefined {
  for (const terraform of objects(doc.json.terraform))
    for (const backend of objects(terraform.backend))
      for (const gcs of objects(backend.gcs)) {
        const bucket = doc.string(gcs, 'bucket');
        if (typeof bucket === 'string') return bucket;
      }
  return undefined;
}

export const forceDestroyedStateBucket: Rule = {
  id: 'TPU-GCS-006',
  level: 'error',
  title: "Bucket with force_destroy that holds the configuration's own state (terraform.backend.gcs.bucket)",
  check(doc) {
    const state = backendBucket(doc);
    if (state === undefined) return [];
    return doc.ofType(BUCKET).flatMap((r) => {
      if (doc.string(r.body, 'name') !== state || doc.bool(r.body, 'force_destroy') !== true) return [];
      return [
        violation(
          r,
          `name ${q(state)} is the bucket terraform.backend.gcs keeps this configuration's state in, and force_destroy = true: a destroy or replacement deletes the state with the other objects`,
          'give the bucket a name of its own (the state bucket is made by npm run bootstrap, outside this stack)',
        ),
      ];
    });
  },
};
