import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { architectureDoc, mermaidDiagram } from '../src/delivery/diagram';
import { withSynthesizedStack } from '../src/delivery/synth-one';
import { ROOT, synthWorkload } from './delivery-helpers';
import { envConfig, synthEnv } from './helpers';

/** The node id the diagram gives a resource whose address is `address`. */
const node = (address: string) => `n_${address.replace(/[^A-Za-z0-9_]/g, '_')}`;

describe('mermaidDiagram on the workload fixture (real synth, with construct paths)', () => {
  const { tf } = synthWorkload();
  const diagram = mermaidDiagram(tf);
  const resources = tf.resource as Record<string, Record<string, unknown>>;
  const address = (type: string) => `${type}.${Object.keys(resources[type])[0]}`;
  const [bucket, object, vpc, subnet, sa, vm, tensorboard] = [
    'google_storage_bucket',
    'google_storage_bucket_object',
    'google_compute_network',
    'google_compute_subnetwork',
    'google_service_account',
    'google_tpu_v2_vm',
    'google_vertex_ai_tensorboard',
  ].map((t) => node(address(t)));

  it('is a flowchart with one subgraph per construct, holding its resources', () => {
    expect(diagram.split('\n')[0]).toBe('flowchart LR');
    for (const construct of ['data-lake', 'network', 'identity', 'tpu', 'vertex-ai', 'services']) {
      expect(diagram).toContain(`subgraph g_${construct.replace(/-/g, '_')}["${construct}"]`);
    }
    const dataLake = diagram.slice(diagram.indexOf('subgraph g_data_lake'), diagram.indexOf('end', diagram.indexOf('subgraph g_data_lake')));
    expect(dataLake).toContain(`${bucket}["<b>bucket</b><br/><i>google_storage_bucket</i>"]`);
    expect(dataLake).toContain(`${object}["<b>preprocess</b>`);
  });

  it('draws an arrow from each resource to those that refer to it', () => {
    for (const edge of [`${bucket} --> ${object}`, `${vpc} --> ${subnet}`, `${subnet} --> ${vm}`, `${vpc} --> ${vm}`, `${sa} --> ${vm}`, `${bucket} --> ${vm}`]) {
      expect(diagram).toContain(`  ${edge}\n`.trimEnd());
    }
    expect(diagram).not.toContain(`${vm} --> ${bucket}`);
  });

  it('marks toggled resources with their variable', () => {
    expect(diagram).toMatch(new RegExp(`${tensorboard}\\["<b>tensorboard</b><br/><i>google_vertex_ai_tensorboard</i><br/>if enable_vertex_ai"\\]`));
  });

  it('shows the APIs as one node and leaves out the dependencies on them', () => {
    expect(diagram).toContain('apis_services["12 APIs<br/><i>google_project_service</i><br/>aiplatform, artifactregistry,');
    expect(diagram).not.toMatch(/apis_services -/);
    expect(diagram).not.toContain('google_project_service_');
  });

  it('is the same every time', () => {
    expect(mermaidDiagram(synthWorkload().tf)).toBe(diagram);
  });
});

describe('mermaidDiagram on hand-made JSON', () => {
  it('draws explicit depends_on as dotted arrows, data sources as such, and works without metadata', () => {
    const diagram = mermaidDiagram({
      data: { google_project: { current: {} } },
      resource: {
        google_storage_bucket: { lake: { name: '${data.google_project.current.project_id}-lake' } },
        google_dataproc_batch: { prep: { count: '${var.enable_dataproc ? 1 : 0}', depends_on: ['google_storage_bucket.lake'], location: 'us-central1' } },
        google_tpu_v2_vm: { vm: { depends_on: ['google_storage_bucket.lake'], metadata: { bucket: '${one(google_storage_bucket.lake[*].name)}' } } },
      },
    });
    expect(diagram).toContain('n_data_google_project_current["<b>current</b><br/><i>data google_project</i>"]');
    expect(diagram).toContain('n_data_google_project_current --> n_google_storage_bucket_lake');
    expect(diagram).toContain('n_google_storage_bucket_lake -.-> n_google_dataproc_batch_prep');
    expect(diagram).toContain('n_google_storage_bucket_lake --> n_google_tpu_v2_vm_vm');
    expect(diagram).not.toContain('n_google_storage_bucket_lake -.-> n_google_tpu_v2_vm_vm');
    expect(diagram).toContain('if enable_dataproc');
    expect(diagram).not.toContain('subgraph');
  });
});

describe('docs/architecture.md', () => {
  it('is generated from the dev stack as it is now (run `npm run diagram` after changing a stack)', () => {
    const expected = withSynthesizedStack('dev', {}, (_dir, tf) => architectureDoc('dev', tf));
    expect(readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8')).toBe(expected);
  });

  it('counts what it shows', () => {
    const doc = architectureDoc('dev', synthWorkload().tf);
    expect(doc).toMatch(/^# Architecture \(dev\)\n/);
    expect(doc).toContain('```mermaid\nflowchart LR\n');
    expect(doc).toContain('Resources and data sources: 20; constructs: 6.');
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/architecture.md)');
  });

  it('needs the real synth: Testing.synth drops the construct paths', () => {
    expect(mermaidDiagram(synthEnv(envConfig('dev')).tf)).not.toContain('subgraph g_services');
  });
});
