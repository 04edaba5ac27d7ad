import { relative, resolve, sep } from 'node:path';
import { App, Aspects, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { STATE_BUCKET } from '../src/catalog';
import { TOOLCHAIN } from '../src/toolchain';
import { EnvironmentConfig } from '../src/config';
import { InputError } from '../src/core/errors';
import { LabelsAspect, MANAGED_BY, setComponent } from '../src/core/labels';
import { ProjectServices } from '../constructs/project-services/project-services';
import { shown } from '../src/core/validation';
import { BOOTSTRAP_OUTDIR, bootstrapStackName, bootstrapStateFile } from './bootstrap-names';

// The names, without cdktf: `npm run bootstrap` checks its arguments before loading any.
export { BOOTSTRAP_OUTDIR, bootstrapStackName, bootstrapStateFile } from './bootstrap-names';

/**
 * Creates the GCS bucket an environment stack keeps its Terraform state in (`stateBackend.bucket`,
 * in `stateBackend.project`, by default the environment's project, and in its region), with its own state kept locally, since the bucket it
 * would use does not exist yet. The bucket is versioned (older state versions beyond the catalog's
 * count are deleted), uniform bucket-level access, public access prevention enforced, never
 * force-destroyed, and `prevent_destroy`: Terraform refuses any plan that would delete it.
 */
export class BootstrapStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly stateBucket: StorageBucket;

  constructor(scope: Construct, env: EnvironmentConfig, outdir: string) {
    const name = bootstrapStackName(env.name);
    super(scope, name);
    this.env = env;
    setComponent(this, 'state');

    // Terraform runs in <outdir>/stacks/<name>; the state file lives at the project root.
    if (relative(process.cwd(), resolve(outdir)).startsWith('..')) {
      throw new InputError([
        `CDKTF_OUTDIR=${shown(outdir)}: outside the project; allowed: a folder inside the project (the bootstrap state file is kept at its root)`,
      ]);
    }
    const toRoot = relative(resolve(outdir, 'stacks', name), process.cwd())
      .split(sep)
      .join('/');
    new LocalBackend(this, { path: `${toRoot}/${bootstrapStateFile(env.name)}` });

    const stateProject = env.stateBackend.project;
    const google = new GoogleProvider(this, 'google', { project: stateProject, region: env.region });
    google.addOverride('default_labels', { environment: env.name, 'managed-by': MANAGED_BY });
    this.addOverride('terraform.required_version', `>= ${TOOLCHAIN.minimumTerraformVersion}`);
    this.addOverride('terraform.required_providers.google', {
      source: 'hashicorp/google',
      version: TOOLCHAIN.googleProviderVersion,
    });

    const services = new ProjectServices(this, 'services', {
      projectId: stateProject,
      services: ['storage.googleapis.com'],
    });

    this.stateBucket = new StorageBucket(this, 'state-bucket', {
      name: env.stateBackend.bucket,
      project: stateProject,
      location: env.region.toUpperCase(),
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
      lifecycleRule: [
        {
          condition: { numNewerVersions: STATE_BUCKET.noncurrentVersionsKept, withState: 'ARCHIVED' },
          action: { type: 'Delete' },
        },
      ],
      lifecycle: { preventDestroy: true },
    });
    this.stateBucket.overrideLogicalId('state_bucket');

    const out = new TerraformOutput(this, 'state', {
      value: `gs://${this.stateBucket.name}/${env.stateBackend.prefix}`,
      description: `Where the ${env.name} stack keeps its Terraform state`,
    });
    out.overrideLogicalId('state');

    Aspects.of(this).add(new LabelsAspect(env.name, env.labels));
    Aspects.of(this).add(services.dependencyAspect());
  }
}

/** The bootstrap app: one BootstrapStack per validated environment. */
export function buildBootstrapApp(
  environments: readonly EnvironmentConfig[],
  outdir = process.env.CDKTF_OUTDIR ?? BOOTSTRAP_OUTDIR,
): App {
  const app = new App({ outdir, skipValidation: false });
  for (const env of environments) new BootstrapStack(app, env, outdir);
  return app;
}
