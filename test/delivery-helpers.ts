import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { workloadStack } from './fixtures/workload';
import { cachedSynth } from './committed-stacks';

export { ROOT } from './cli-bundles';

/**
 * Synthesizes the workload fixture stack as the real synth does (metadata kept, assets copied), once
 * per run for every suite (test/committed-stacks.ts); returns the stack's folder and its JSON, parsed
 * afresh for each caller (so no test sees what another changed in it). Nothing writes into the folder.
 */
export function synthWorkload(): { stackDir: string; tf: Record<string, unknown> } {
  const outdir = cachedSynth('workload', (into) => {
    const app = new App({ outdir: into });
    workloadStack(app);
    app.synth();
  });
  const stackDir = join(outdir, 'stacks', 'dev');
  return { stackDir, tf: JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown> };
}

// The CLI bundles, from a module that loads no cdktf (the bad-input suites use it alone).
export { bundleCli, runBundle } from './cli-bundles';
