import { Aspects, Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { MonitoringMetricDescriptor } from '@cdktf/provider-google/lib/monitoring-metric-descriptor';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { LabelsAspect, setComponent } from '../src/core/labels';
import { ProjectServices } from '../constructs/project-services';

function stackWith(build: (s: TerraformStack) => void) {
  const stack = new TerraformStack(Testing.app(), 's');
  build(stack);
  Aspects.of(stack).add(new LabelsAspect('dev', { team: 'ml' }));
  return JSON.parse(Testing.synth(stack));
}

describe('LabelsAspect', () => {
  it('labels resources with environment, the nearest component and managed-by, keeping their own labels', () => {
    const tf = stackWith((s) => {
      const group = new Construct(s, 'lake');
      setComponent(group, 'data-lake');
      new StorageBucket(group, 'b', { name: 'b', location: 'US', labels: { purpose: 'raw', environment: 'wrong' } });
    });
    expect(Object.values(tf.resource.google_storage_bucket)[0]).toMatchObject({
      labels: { environment: 'dev', component: 'data-lake', 'managed-by': 'cdktf', purpose: 'raw', team: 'ml' },
    });
  });

  it('uses user_labels where a resource has them (notification channel labels are channel settings)', () => {
    const tf = stackWith((s) => {
      new MonitoringNotificationChannel(s, 'c', {
        displayName: 'x',
        type: 'email',
        labels: { email_address: 'a@b.co' },
      });
    });
    const channel = Object.values(tf.resource.google_monitoring_notification_channel)[0] as Record<
      string,
      Record<string, string>
    >;
    expect(channel.labels).toEqual({ email_address: 'a@b.co' });
    expect(channel.user_labels).toMatchObject({ environment: 'dev', component: 'platform' });
  });

  it('leaves a metric descriptor alone (its labels are label descriptors, not resource labels)', () => {
    const tf = stackWith(
      (s) =>
        new MonitoringMetricDescriptor(s, 'm', {
          type: 'custom.googleapis.com/x',
          metricKind: 'GAUGE',
          valueType: 'INT64',
          displayName: 'x',
          description: 'x',
        }),
    );
    expect(Object.values(tf.resource.google_monitoring_metric_descriptor)[0]).not.toHaveProperty('labels');
  });

  it('leaves resources without labels alone', () => {
    const tf = stackWith((s) => new ProjectService(s, 'p', { service: 'tpu.googleapis.com' }));
    expect(Object.values(tf.resource.google_project_service)[0]).not.toHaveProperty('labels');
  });
});

describe('ProjectServices', () => {
  it('makes each resource depend on the API its type needs, and only that one', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const services = new ProjectServices(stack, 'services', { projectId: 'p-123456' });
    new StorageBucket(stack, 'bucket', { name: 'b', location: 'US' });
    Aspects.of(stack).add(services.dependencyAspect());
    const tf = JSON.parse(Testing.synth(stack));
    expect(tf.resource.google_storage_bucket.bucket.depends_on).toEqual([
      'google_project_service.services_storage_22AEC1BC',
    ]);
    for (const s of Object.values(tf.resource.google_project_service) as Record<string, unknown>[])
      expect(s).not.toHaveProperty('depends_on');
  });
});
