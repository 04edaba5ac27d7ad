import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { workloadStack } from './fixtures/workload';

export { ROOT } from './cli-bundles';

/**
 * Synthesizes the workload fixture stack as the real synth does (metadata kept, assets copied) into
 * a scratch folder; returns the stack's folder and JSON.
 */
export function synthWorkload(): { stackDir: string; tf: Record<string, unknown> } {
  const outdir = mkdtempSync(join(tmpdir(), 'workload-'));
  const app = new App({ outdir });
  workloadStack(app);
  app.synth();
  const stackDir = join(outdir, 'stacks', 'dev');
  return { stackDir, tf: JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown> };
}

// The CLI bundles, from a module that loads no cdktf (the bad-input suites use it alone).
export { bundleCli, runBundle } from './cli-bundles';
