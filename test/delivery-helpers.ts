import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { workloadStack } from './fixtures/workload';

export { ROOT } from './cli-bundles';

/** The workload fixture's stack folder, synthesized once per suite (a full synth, written to disk). */
let workloadDir: string | undefined;

/**
 * Synthesizes the workload fixture stack as the real synth does (metadata kept, assets copied) into
 * a scratch folder, once per suite; returns the stack's folder and its JSON, parsed afresh for each
 * caller (so no test sees what another changed in it). Nothing writes into the folder.
 */
export function synthWorkload(): { stackDir: string; tf: Record<string, unknown> } {
  if (!workloadDir) {
    const outdir = mkdtempSync(join(tmpdir(), 'workload-'));
    const app = new App({ outdir });
    workloadStack(app);
    app.synth();
    workloadDir = join(outdir, 'stacks', 'dev');
  }
  const stackDir = workloadDir;
  return { stackDir, tf: JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown> };
}

// The CLI bundles, from a module that loads no cdktf (the bad-input suites use it alone).
export { bundleCli, runBundle } from './cli-bundles';
