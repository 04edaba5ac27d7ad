import { Testing, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { countedAddresses, toggleWith, rewriteCountedReferences } from '../src/core/toggle';
import { EnvironmentStack } from '../stacks/environment-stack';
import { envConfig } from './helpers';

// EnvironmentStack runs the policy pack at synth: buckets must pass it (TPU-GCS-002, TPU-GCS-003).
const POLICY_COMPLIANT = { uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' };

describe('toggleWith', () => {
  const app = Testing.app();
  const stack = new EnvironmentStack(app, envConfig('dev'));
  const feature = new Construct(stack, 'feature');
  toggleWith(feature, stack.inputs.enableVertexAi);
  const project = new DataGoogleProject(feature, 'project', {});
  const bucket = new StorageBucket(feature, 'bucket', {
    name: `${project.projectId}-x`,
    location: 'US',
    ...POLICY_COMPLIANT,
  });
  const member = new StorageBucketIamMember(feature, 'member', {
    bucket: bucket.name,
    role: 'roles/storage.objectViewer',
    member: 'user:a@b.co',
  });
  const plain = new StorageBucket(stack, 'plain', { name: 'plain-bucket', location: 'US', ...POLICY_COMPLIANT });
  new TerraformOutput(stack, 'out', { value: bucket.url });
  const tf = JSON.parse(Testing.synth(stack));

  it('counts every resource and data source under the toggled construct on the variable', () => {
    expect(tf.resource.google_storage_bucket[bucket.friendlyUniqueId]).toHaveProperty(
      'count',
      '${var.enable_vertex_ai ? 1 : 0}',
    );
    expect(Object.values(tf.data.google_project)[0]).toHaveProperty('count', '${var.enable_vertex_ai ? 1 : 0}');
    expect(tf.resource.google_storage_bucket_iam_member[member.friendlyUniqueId]).toHaveProperty(
      'count',
      '${var.enable_vertex_ai ? 1 : 0}',
    );
    expect(tf.resource.google_storage_bucket[plain.friendlyUniqueId]).not.toHaveProperty('count');
  });

  it('references counted resources per instance, null when absent', () => {
    const m = tf.resource.google_storage_bucket_iam_member[member.friendlyUniqueId] as Record<string, string>;
    expect(m.bucket).toBe(`\${one(google_storage_bucket.${bucket.friendlyUniqueId}[*].name)}`);
    const b = tf.resource.google_storage_bucket[bucket.friendlyUniqueId] as Record<string, string>;
    expect(b.name).toBe(`\${one(data.google_project.${project.friendlyUniqueId}[*].project_id)}-x`);
    expect(tf.output.out.value).toBe(`\${one(google_storage_bucket.${bucket.friendlyUniqueId}[*].url)}`);
  });
});

describe('cdktf synth --hcl', () => {
  it('references toggled resources per instance, as the JSON does', () => {
    const stack = new EnvironmentStack(Testing.app(), envConfig('dev'));
    const hcl = Testing.synthHcl(stack);
    const runner = countedAddresses(stack).find((a) =>
      a.startsWith('google_service_account.vertex-pipeline_runner_account_'),
    ) as string;
    expect(runner).toBeDefined();
    expect(hcl).toContain(`\${one(${runner}[*].email)}`);
    expect(hcl).not.toMatch(new RegExp(`\\$\\{${runner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`));
  });
});

describe('rewriteCountedReferences', () => {
  it('rewrites nested traversals and leaves other addresses, depends_on and metadata alone', () => {
    const out = rewriteCountedReferences(
      {
        a: '${google_x.y.network_config[0].network}',
        b: '${google_x.yz.id}',
        c: 'prefix-${google_x.y["k"].v}-suffix',
        depends_on: ['google_x.y'],
        '//': { path: 'google_x.y.id ${google_x.y.id}' },
      },
      ['google_x.y'],
    );
    expect(out).toEqual({
      a: '${one(google_x.y[*].network_config[0].network)}',
      b: '${google_x.yz.id}',
      c: 'prefix-${one(google_x.y[*]["k"].v)}-suffix',
      depends_on: ['google_x.y'],
      '//': { path: 'google_x.y.id ${google_x.y.id}' },
    });
  });
});
