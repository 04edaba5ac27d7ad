import { BUCKET_WRITE_ROLES, OBJECT_WRITE_PERMISSIONS, PROJECT_STORAGE_WRITE_ROLES } from '../../catalog';
import { conditionApplies, storageObject } from '../conditions';
import { Body, isObject, objects, Resource, TerraformDocument, UNKNOWN, Unknown } from '../terraform';
import { Rule, Violation } from '../types';
import { q, violation } from './grants';

/**
 * Who can write what a stack depends on: its Terraform state (TPU-IAM-005) and the code its batches
 * run (TPU-IAM-006). Both look at every grant of a storage-writing role that reaches the object,
 * bucket-level or project-wide, and evaluate its IAM condition (src/policy/conditions.ts); a grant
 * whose bucket, project or condition cannot be read is left alone.
 */

/** One grant of one role to some members, with its condition expression (resolved) if any. */
interface WriteGrant {
  readonly resource: Resource;
  readonly role: string;
  readonly members: string[];
  readonly condition: string | undefined | Unknown;
}

function shownMember(doc: TerraformDocument, raw: unknown): string {
  const resolved = doc.resolveReferences(raw);
  if (typeof resolved === 'string') return resolved;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  // `${google_service_account.x.member}` -> google_service_account.x
  const ref = /\$\{(?:one\()?([a-z_]+\.[\w-]+)/.exec(text ?? '');
  return ref ? ref[1] : String(text);
}

const CUSTOM_ROLE_TYPES = ['google_project_iam_custom_role', 'google_organization_iam_custom_role'];

/**
 * The custom role a grant names, by reference (`${google_project_iam_custom_role.x.name}`) or by
 * name (`projects/<p>/roles/<id>`), when the same JSON declares it with an object-writing permission.
 */
function customWriteRole(doc: TerraformDocument, raw: unknown): string | undefined {
  const text = typeof raw === 'string' ? raw : '';
  const ref = /^\$\{(google_(?:project|organization)_iam_custom_role)\.([\w-]+)\.(?:name|id)\}$/.exec(text);
  const byName = /^(?:projects|organizations)\/[^/]+\/roles\/([\w.]+)$/.exec(text);
  const role = ref
    ? doc.ofType(ref[1]).find((r) => r.name === ref[2])
    : byName
      ? doc.ofType(...CUSTOM_ROLE_TYPES).find((r) => doc.resolveReferences(r.body.role_id) === byName[1])
      : undefined;
  const permissions = Array.isArray(role?.body.permissions) ? (role.body.permissions as unknown[]) : [];
  const writes = permissions.some((p) => typeof p === 'string' && OBJECT_WRITE_PERMISSIONS.includes(p));
  return role && writes ? `custom role ${role.type}.${role.name}` : undefined;
}

/**
 * The write grants of `*_iam_member` and `*_iam_binding` resources of the given types: roles in
 * `roles`, and custom roles declared in the same JSON with an object-writing permission.
 */
function writeGrants(doc: TerraformDocument, types: string[], roles: readonly string[]): WriteGrant[] {
  const out: WriteGrant[] = [];
  for (const r of doc.ofType(...types)) {
    const resolved = doc.resolveReferences(r.body.role);
    const role =
      typeof resolved === 'string' && roles.includes(resolved) ? resolved : customWriteRole(doc, r.body.role);
    if (role === undefined) continue;
    const condition = doc.block(r.body, 'condition');
    const expression =
      condition === UNKNOWN
        ? UNKNOWN
        : condition === undefined
          ? undefined
          : doc.resolveReferences(condition.expression);
    const raw = r.type.endsWith('_iam_member') ? [r.body.member] : Array.isArray(r.body.members) ? r.body.members : [];
    out.push({
      resource: r,
      role,
      members: raw.map((m) => shownMember(doc, m)),
      condition: typeof expression === 'string' || expression === undefined ? expression : UNKNOWN,
    });
  }
  return out;
}

/** Whether a grant reaches the object (true), not (false), or cannot be told (UNKNOWN). */
function reaches(grant: WriteGrant, bucket: string, objectName: string): boolean | Unknown {
  if (grant.condition === UNKNOWN) return UNKNOWN;
  if (grant.condition === undefined) return true;
  return conditionApplies(grant.condition, storageObject(bucket, objectName));
}

/** The project of the google_storage_bucket named `bucket` in the document, if it declares one. */
function bucketProject(doc: TerraformDocument, bucket: string): string | Unknown | undefined {
  const declared = doc.ofType('google_storage_bucket').find((b) => doc.resolveReferences(b.body.name) === bucket);
  return declared ? doc.projectOf(declared) : undefined;
}

const PROJECT_IAM = ['google_project_iam_member', 'google_project_iam_binding'];
const BUCKET_IAM = ['google_storage_bucket_iam_member', 'google_storage_bucket_iam_binding'];

/** Project-wide storage-writing grants in `project` that reach the object. */
function projectWritersOf(doc: TerraformDocument, project: string, bucket: string, objectName: string): WriteGrant[] {
  return writeGrants(doc, PROJECT_IAM, PROJECT_STORAGE_WRITE_ROLES).filter(
    (g) => doc.projectOf(g.resource) === project && reaches(g, bucket, objectName) === true,
  );
}

/** The gcs backend's bucket, prefix and (from its `//` comment) project, when the document has one. */
function gcsBackend(doc: TerraformDocument): { bucket: string; prefix: string; project?: string } | undefined {
  for (const terraform of objects(doc.json.terraform)) {
    for (const backend of objects(terraform.backend)) {
      const gcs = objects(backend.gcs)[0];
      if (!gcs) continue;
      const bucket = doc.resolve(gcs.bucket);
      if (typeof bucket !== 'string') return undefined;
      const prefix = doc.resolve(gcs.prefix);
      const note = objects(gcs['//'])[0];
      const project = typeof note?.project === 'string' ? note.project : undefined;
      return { bucket, prefix: typeof prefix === 'string' ? prefix : '', project };
    }
  }
  return undefined;
}

/**
 * TPU-IAM-005. How the state's project is found: the gcs backend names only a bucket, so the rule
 * reads the project of a `google_storage_bucket` of that name in the same JSON (e.g. a bootstrap
 * stack), else the `project` in the backend block's `//` comment (this project's stacks write it from
 * `stateBackend.project`). With neither, it says nothing.
 */
export const stateWritableByProjectRoles: Rule = {
  id: 'TPU-IAM-005',
  level: 'error',
  title: 'Terraform state bucket writable through a project-wide role (state shares the project with workloads)',
  check(doc) {
    const backend = gcsBackend(doc);
    if (!backend) return [];
    const project = bucketProject(doc, backend.bucket) ?? backend.project;
    if (typeof project !== 'string') return [];
    const state = `${backend.prefix ? `${backend.prefix.replace(/\/+$/, '')}/` : ''}default.tfstate`;
    return projectWritersOf(doc, project, backend.bucket, state).map((g) =>
      violation(
        g.resource,
        `grants ${g.role} on project ${q(project)} to ${g.members.join(', ')}, which carries object write on every bucket there, the Terraform state bucket gs://${backend.bucket} (backend gcs) included: that identity can rewrite the state`,
        'keep the state in a project of its own (this project: stateBackend.project, created by npm run bootstrap), or condition the grant off the state bucket: resource.type != "storage.googleapis.com/Object" || !resource.name.startsWith("projects/_/buckets/<state bucket>/")',
      ),
    );
  },
};

/** Where a batch's code lives, in Terraform (snake_case) and in the REST body (camelCase). */
const CODE_FIELDS: readonly [string, readonly string[]][] = [
  ['pyspark_batch', ['main_python_file_uri', 'python_file_uris', 'file_uris', 'archive_uris', 'jar_file_uris']],
  ['spark_batch', ['main_jar_file_uri', 'jar_file_uris', 'file_uris', 'archive_uris']],
  ['spark_r_batch', ['main_r_file_uri', 'file_uris', 'archive_uris']],
  ['spark_sql_batch', ['query_file_uri', 'jar_file_uris']],
];
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

interface CodeObject {
  readonly runner: Resource;
  readonly field: string;
  readonly bucket: string;
  readonly name: string;
}

function gsObject(doc: TerraformDocument, value: unknown): { bucket: string; name: string } | undefined {
  const uri = doc.resolveReferences(value);
  const m = typeof uri === 'string' ? /^gs:\/\/([^/]+)\/(.+)$/.exec(uri) : null;
  return m ? { bucket: m[1], name: m[2] } : undefined;
}

function codeIn(doc: TerraformDocument, runner: Resource, batch: Body, key: (s: string) => string, at: string) {
  const out: CodeObject[] = [];
  for (const [kind, fields] of CODE_FIELDS) {
    const spec = objects(batch[key(kind)])[0];
    if (!spec) continue;
    for (const field of fields) {
      const values = Array.isArray(spec[key(field)]) ? (spec[key(field)] as unknown[]) : [spec[key(field)]];
      for (const v of values) {
        const o = gsObject(doc, v);
        if (o) out.push({ runner, field: `${at}${key(kind)}.${key(field)}`, ...o });
      }
    }
  }
  return out;
}

/** The REST body a Cloud Scheduler job sends: literal base64 JSON, or base64encode(jsonencode(local.x)). */
function schedulerBody(doc: TerraformDocument, job: Resource): Record<string, unknown> | undefined {
  const target = doc.block(job.body, 'http_target');
  if (!target || target === UNKNOWN) return undefined;
  const body = target.body;
  if (typeof body !== 'string') return undefined;
  const local = /^\$\{base64encode\(jsonencode\(local\.([\w-]+)\)\)\}$/.exec(body);
  if (local) {
    const locals = objects(doc.json.locals).find((l) => local[1] in l);
    const value = locals?.[local[1]];
    return isObject(value) ? value : undefined;
  }
  if (body.includes('${')) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body, 'base64').toString('utf8'));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The gs:// objects that Dataproc batches run, from google_dataproc_batch and from Cloud Scheduler jobs that create batches. */
function codeObjects(doc: TerraformDocument): CodeObject[] {
  const out: CodeObject[] = [];
  for (const b of doc.ofType('google_dataproc_batch')) out.push(...codeIn(doc, b, b.body, (s) => s, ''));
  for (const job of doc.ofType('google_cloud_scheduler_job')) {
    const target = doc.block(job.body, 'http_target');
    const uri = target && target !== UNKNOWN ? doc.resolveReferences(target.uri) : undefined;
    if (typeof uri === 'string' && !/dataproc\.googleapis\.com\/.*\/batches/.test(uri)) continue;
    const body = schedulerBody(doc, job);
    if (body) out.push(...codeIn(doc, job, body, camel, 'http_target.body '));
  }
  return out;
}

/**
 * TPU-IAM-006. Any grant that lets someone create, overwrite or delete an object a Dataproc batch
 * runs (its driver, py files, jars): a bucket-level write role on that bucket, or a project-wide
 * storage-writing role in the bucket's project, whose condition reaches the object.
 */
export const codeWritableByGrants: Rule = {
  id: 'TPU-IAM-006',
  level: 'error',
  title: 'Job code writable through a grant (bucket-level write, or project-wide roles such as dataproc.worker)',
  check(doc) {
    const code = codeObjects(doc);
    if (code.length === 0) return [];
    const found = new Map<Resource, { grant: WriteGrant; objects: CodeObject[] }>();
    const add = (grant: WriteGrant, o: CodeObject) => {
      const entry = found.get(grant.resource) ?? { grant, objects: [] };
      if (!entry.objects.some((x) => x.bucket === o.bucket && x.name === o.name)) entry.objects.push(o);
      found.set(grant.resource, entry);
    };
    const bucketGrants = writeGrants(doc, BUCKET_IAM, BUCKET_WRITE_ROLES);
    for (const o of code) {
      for (const g of bucketGrants) {
        if (doc.resolveReferences(g.resource.body.bucket) !== o.bucket) continue;
        if (reaches(g, o.bucket, o.name) === true) add(g, o);
      }
      const project = bucketProject(doc, o.bucket);
      if (typeof project === 'string') for (const g of projectWritersOf(doc, project, o.bucket, o.name)) add(g, o);
    }
    const out: Violation[] = [];
    for (const { grant, objects: hit } of found.values()) {
      const first = hit[0];
      const more = hit.length > 1 ? ` and ${hit.length - 1} more` : '';
      out.push(
        violation(
          grant.resource,
          `grants ${grant.role} to ${grant.members.join(', ')}, which reaches gs://${first.bucket}/${first.name}${more}, code that ${first.runner.address} runs (${first.field}): whoever holds it can change what the job does`,
          'keep job code where workloads can only read: condition each write grant to its own prefixes (resource.name.startsWith("projects/_/buckets/<b>/objects/<prefix>/")), condition project-wide roles off the bucket (resource.type != "storage.googleapis.com/Object" || !resource.name.startsWith("projects/_/buckets/<b>/")), or keep the code in a bucket no workload can write',
        ),
      );
    }
    return out;
  },
};
