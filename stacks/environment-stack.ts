import { Aspects, GcsBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { TOOLCHAIN } from '../src/toolchain';
import { EnvironmentConfig } from '../src/config';
import { LabelsAspect, MANAGED_BY } from '../src/core/labels';
import { stackOutput } from '../src/core/outputs';
import {
  countedAddresses,
  rewriteCountedReferences,
  rewriteCountedReferencesInHcl,
  ToggleAspect,
} from '../src/core/toggle';
import { Naming } from '../src/core/naming';
import { runStackValidations } from '../src/core/stack-validation';
import { checkStackPolicy } from '../src/policy';
import { ProjectServices } from '../constructs/project-services/project-services';
import { StackInputs } from './inputs';
import { composeWorkloads, EnvironmentWorkloads } from './workloads';

/**
 * One environment (dev, staging or prod): providers pinned to the catalog's version, a GCS state
 * backend, the stack inputs as variables, the APIs it uses, and the training pipeline
 * (stacks/workloads.ts), whose parts are fields of the stack (see EnvironmentWorkloads for each).
 */
export class EnvironmentStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly inputs: StackInputs;
  readonly naming: Naming;
  readonly services: ProjectServices;
  readonly google: GoogleProvider;
  readonly googleBeta: GoogleBetaProvider;
  /** hashicorp/time (no configuration): `time_sleep` waits for IAM to catch up (stacks/workloads.ts). */
  readonly time: TimeProvider;
  readonly network: EnvironmentWorkloads['network'];
  readonly dataLake: EnvironmentWorkloads['dataLake'];
  readonly identities: EnvironmentWorkloads['identities'];
  readonly tpu: EnvironmentWorkloads['tpu'];
  readonly training: EnvironmentWorkloads['training'];
  readonly preprocessing: EnvironmentWorkloads['preprocessing'];
  readonly vertexPipeline: EnvironmentWorkloads['vertexPipeline'];
  readonly monitoring: EnvironmentWorkloads['monitoring'];

  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env.name);
    this.env = env;
    this.naming = new Naming(env.namePrefix);
    this.inputs = new StackInputs(this, env);

    const providerConfig = {
      project: this.inputs.projectId,
      region: this.inputs.region,
      zone: this.inputs.zone,
    };
    this.google = new GoogleProvider(this, 'google', providerConfig);
    this.googleBeta = new GoogleBetaProvider(this, 'google-beta', providerConfig);
    for (const provider of [this.google, this.googleBeta]) {
      // Set by override: cdktf would rewrite the key `managed-by` to `managed_by` in provider blocks.
      provider.addOverride('default_labels', { environment: env.name, 'managed-by': MANAGED_BY });
      const name = provider.terraformResourceType;
      this.addOverride(`terraform.required_providers.${name}`, {
        source: `hashicorp/${name}`,
        version: TOOLCHAIN.googleProviderVersion,
      });
    }
    this.time = new TimeProvider(this, 'time');
    this.addOverride('terraform.required_providers.time', {
      source: 'hashicorp/time',
      version: TOOLCHAIN.timeProviderVersion,
    });

    // What terraform_data (stacks/inputs.ts) needs; enforced by Terraform, not at synth (runAllValidations).
    this.addOverride('terraform.required_version', `>= ${TOOLCHAIN.minimumTerraformVersion}`);
    new GcsBackend(this, { bucket: env.stateBackend.bucket, prefix: env.stateBackend.prefix });
    // The backend names only a bucket: the policy pack reads the state's project here (TPU-IAM-005).
    this.addOverride('terraform.backend.gcs.//', { project: env.stateBackend.project });

    this.services = new ProjectServices(this, 'services', { projectId: this.inputs.projectId });

    this.output('project_id', this.inputs.projectId, 'Project the stack deploys into');

    const pipeline = composeWorkloads(this);
    this.network = pipeline.network;
    this.dataLake = pipeline.dataLake;
    this.identities = pipeline.identities;
    this.tpu = pipeline.tpu;
    this.training = pipeline.training;
    this.preprocessing = pipeline.preprocessing;
    this.vertexPipeline = pipeline.vertexPipeline;
    this.monitoring = pipeline.monitoring;

    Aspects.of(this).add(new LabelsAspect(env.name, env.labels));
    Aspects.of(this).add(this.services.dependencyAspect());
    Aspects.of(this).add(new ToggleAspect());
  }

  /** cdktf's validations without `terraform version`: synth needs no Terraform (src/core/stack-validation.ts). */
  override runAllValidations(): void {
    runStackValidations(this);
  }

  /**
   * Terraform JSON, with references to toggled (counted) resources made per instance, checked by the
   * policy pack (src/policy): an error-level finding throws PolicyError. This is the one place that
   * sees the JSON exactly as written, after every aspect (labels, toggles) has run.
   */
  override toTerraform(): Record<string, unknown> {
    const tf = rewriteCountedReferences(super.toTerraform() as Record<string, unknown>, countedAddresses(this));
    return checkStackPolicy(this, tf);
  }

  /**
   * `cdktf synth --hcl` writes HCL instead of JSON: the policy pack still checks the JSON first, and
   * references to toggled resources are made per instance as in the JSON.
   */
  override toHclTerraform(): ReturnType<TerraformStack['toHclTerraform']> {
    this.toTerraform();
    const out = super.toHclTerraform();
    return { ...out, hcl: rewriteCountedReferencesInHcl(out.hcl, countedAddresses(this)) };
  }

  /** A stack output named exactly `name` (outputs and variables may share names in Terraform). */
  output(name: string, value: string, description: string, sensitive = false): TerraformOutput {
    return stackOutput(this, name, value, description, sensitive);
  }
}
