import { REQUIRED_SERVICES } from '../src/catalog';
import { TOOLCHAIN } from '../src/toolchain';
import { ENVIRONMENT_NAMES, STACK_INPUTS } from '../src/config';
import { committedStack } from './committed-stacks';
import { allResources, envConfig, resourcesOf } from './helpers';

describe.each(ENVIRONMENT_NAMES.map((n) => [n]))('%s stack', (name) => {
  const env = envConfig(name);
  const { tf, json } = committedStack(name);

  it('matches the reviewed snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('pins google and google-beta to the catalog version', () => {
    for (const provider of ['google', 'google-beta']) {
      expect(tf.terraform.required_providers[provider]).toEqual({
        source: `hashicorp/${provider}`,
        version: TOOLCHAIN.googleProviderVersion,
      });
    }
    expect(TOOLCHAIN.googleProviderVersion).toBe('6.50.0');
  });

  it('pins hashicorp/time (time_sleep) to the catalog version, and configures it with nothing', () => {
    expect(tf.terraform.required_providers.time).toEqual({
      source: 'hashicorp/time',
      version: TOOLCHAIN.timeProviderVersion,
    });
    expect(TOOLCHAIN.timeProviderVersion).toBe('0.13.1');
    expect(tf.provider.time).toEqual([{}]);
    // One pause, after the trainer's account, for the development VM (where there is one).
    expect(Object.keys(tf.resource.time_sleep ?? {})).toHaveLength(env.tpu.devVm ? 1 : 0);
  });

  it('configures both providers from the variables, with default labels', () => {
    for (const provider of ['google', 'google-beta']) {
      expect(tf.provider[provider]).toEqual([
        {
          project: '${var.project_id}',
          region: '${var.region}',
          zone: '${var.zone}',
          default_labels: { environment: name, 'managed-by': 'cdktf' },
        },
      ]);
    }
  });

  it('keeps its state in its own GCS bucket and prefix', () => {
    expect(tf.terraform.backend).toEqual({ gcs: { bucket: env.stateBackend.bucket, prefix: env.stateBackend.prefix } });
  });

  it('declares the stack inputs as variables defaulted from the configuration', () => {
    expect(Object.keys(tf.variable).sort()).toEqual(STACK_INPUTS.map((i) => i.variable).sort());
    expect(tf.variable.project_id).toMatchObject({ type: 'string', default: env.projectId });
    expect(tf.variable.region.default).toBe(env.region);
    expect(tf.variable.zone.default).toBe(env.zone);
    expect(tf.variable.tpu_accelerator_type.default).toBe(env.tpu.acceleratorType);
    expect(tf.variable.bucket_name.default).toBe(env.bucket.name);
    expect(tf.variable.tpu_name.default).toBe(env.tpu.name);
    expect(tf.variable.network_name.default).toBe(env.network.name);
    expect(tf.variable.subnet_name.default).toBe(env.network.subnetName);
    expect(tf.variable.enable_monitoring).toMatchObject({ type: 'bool', default: env.enableMonitoring });
    expect(tf.variable.enable_vertex_ai).toMatchObject({ type: 'bool', default: env.enableVertexAi });
  });

  it('validates the variables in Terraform as well', () => {
    const conditions = (v: string) =>
      ((tf.variable[v].validation as { condition: string }[]) ?? []).map((c) => c.condition).join(' ');
    expect(conditions('project_id')).toContain('regex(');
    expect(conditions('zone')).toContain(`"${env.zone}"`);
    expect(conditions('zone')).not.toContain('us-central2-b');
    expect(conditions('tpu_accelerator_type')).toContain('"v6e-256"');
    expect(conditions('bucket_name')).toContain('google');
  });

  it('enables the APIs it uses, never disabling them on destroy', () => {
    const services = resourcesOf(tf, 'google_project_service');
    expect(services.map((s) => s.service).sort()).toEqual([...REQUIRED_SERVICES].sort());
    for (const s of ['compute', 'tpu', 'dataproc', 'storage', 'aiplatform', 'monitoring', 'logging', 'iam']) {
      expect(services.map((x) => x.service)).toContain(`${s}.googleapis.com`);
    }
    for (const s of services) {
      expect(s).toMatchObject({ project: '${var.project_id}', disable_on_destroy: false });
    }
  });

  it('puts the standard labels on every resource that takes labels', () => {
    for (const [type, id, body] of allResources(tf)) {
      // user_labels first: where a resource has both, `labels` are settings (a notification channel's email_address).
      const labels = (body.user_labels ?? body.labels) as Record<string, string> | undefined;
      if (labels === undefined) continue;
      expect({ type, id, labels }).toMatchObject({ labels: { environment: name, 'managed-by': 'cdktf' } });
      expect(typeof labels.component).toBe('string');
    }
  });

  it('contains no machine paths, timestamps or random suffixes', () => {
    expect(json).not.toMatch(/\/work\/|\/home\/|\/tmp\/|\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(json).not.toMatch(/random_(id|string|pet)/);
  });
});
