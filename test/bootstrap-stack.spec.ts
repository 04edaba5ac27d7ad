import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Testing } from 'cdktf';
import { STATE_BUCKET } from '../src/catalog';
import { TOOLCHAIN } from '../src/toolchain';
import { ENVIRONMENT_NAMES } from '../src/config';
import { buildApp } from '../stacks/app';
import { BOOTSTRAP_OUTDIR, BootstrapStack, bootstrapStateFile, buildBootstrapApp } from '../stacks/bootstrap-stack';
import { envConfig, resourcesOf, synthEnv, TerraformJson } from './helpers';

function synthBootstrap(name: (typeof ENVIRONMENT_NAMES)[number], outdir = BOOTSTRAP_OUTDIR): TerraformJson {
  const stack = new BootstrapStack(Testing.app(), envConfig(name), outdir);
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

describe.each(ENVIRONMENT_NAMES.map((n) => [n]))('%s bootstrap stack', (name) => {
  const env = envConfig(name);
  const tf = synthBootstrap(name);
  const bucket = tf.resource.google_storage_bucket.state_bucket;

  it('creates the bucket the environment stack keeps its state in, in the state project and the region', () => {
    // toTerraform, not Testing.synth: Testing drops every "//" key.
    const full = synthEnv(env).stack.toTerraform() as { terraform: { backend: unknown } };
    const backend = full.terraform.backend as { gcs: { bucket: string; '//': { project: string } } };
    expect(env.stateBackend.project).not.toBe(env.projectId); // committed: a project of its own
    expect(bucket).toMatchObject({
      name: env.stateBackend.bucket,
      project: env.stateBackend.project,
      location: env.region.toUpperCase(),
    });
    expect(tf.provider.google[0].project).toBe(env.stateBackend.project);
    expect(bucket.name).toBe(backend.gcs.bucket);
    expect(backend.gcs['//']).toEqual({ project: env.stateBackend.project });
  });

  it('puts the bucket in the environment project when no state project is set', () => {
    const same = { ...env, stateBackend: { ...env.stateBackend, project: env.projectId } };
    const own = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), same, BOOTSTRAP_OUTDIR))) as TerraformJson;
    expect(own.resource.google_storage_bucket.state_bucket.project).toBe(env.projectId);
  });

  it('versions the state, with uniform access, public access prevented, never destroyed', () => {
    expect(bucket).toMatchObject({
      versioning: { enabled: true },
      uniform_bucket_level_access: true,
      public_access_prevention: 'enforced',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(bucket.lifecycle_rule).toEqual([
      {
        action: { type: 'Delete' },
        condition: { num_newer_versions: STATE_BUCKET.noncurrentVersionsKept, with_state: 'ARCHIVED' },
      },
    ]);
  });

  it('keeps its own state in a local file at the project root', () => {
    const path = (tf.terraform.backend as { local: { path: string } }).local.path;
    expect(path).not.toMatch(/^\//);
    expect(resolve(BOOTSTRAP_OUTDIR, 'stacks', `bootstrap-${name}`, path)).toBe(resolve(bootstrapStateFile(name)));
    expect(bootstrapStateFile(name)).toMatch(/\.tfstate$/); // ignored by git (*.tfstate)
  });

  it('enables the Storage API first and labels the bucket', () => {
    const [service] = resourcesOf(tf, 'google_project_service');
    expect(service).toMatchObject({
      service: 'storage.googleapis.com',
      project: env.stateBackend.project,
      disable_on_destroy: false,
    });
    expect(bucket.depends_on).toEqual([expect.stringMatching(/^google_project_service\.services_storage_/)]);
    expect(bucket.labels).toMatchObject({ environment: name, component: 'state', 'managed-by': 'cdktf' });
  });

  it('pins the google provider and outputs where the state goes', () => {
    expect(tf.terraform.required_providers.google).toEqual({
      source: 'hashicorp/google',
      version: TOOLCHAIN.googleProviderVersion,
    });
    expect(tf.output.state.value).toBe(`gs://\${google_storage_bucket.state_bucket.name}/${env.stateBackend.prefix}`);
  });
});

describe('the bootstrap app', () => {
  it('has one stack per environment, apart from the environment stacks', () => {
    // cdktf's App creates its outdir without parents: on a fresh checkout (CI runs npm test before any synth) cdktf.out/ is not there yet.
    mkdirSync(dirname(BOOTSTRAP_OUTDIR), { recursive: true });
    const app = buildBootstrapApp(
      ENVIRONMENT_NAMES.map((n) => envConfig(n)),
      BOOTSTRAP_OUTDIR,
    );
    expect(app.node.children.map((c) => c.node.id)).toEqual(['bootstrap-dev', 'bootstrap-staging', 'bootstrap-prod']);
    const main = buildApp(ENVIRONMENT_NAMES.map((n) => envConfig(n)));
    expect(main.node.children.map((c) => c.node.id)).toEqual(['dev', 'staging', 'prod']);
  });

  it('refuses an output folder outside the project, where the state path would break', () => {
    expect(() => synthBootstrap('dev', '/tmp/elsewhere')).toThrow(
      'CDKTF_OUTDIR="/tmp/elsewhere": outside the project; allowed: a folder inside the project (the bootstrap state file is kept at its root)',
    );
  });
});
