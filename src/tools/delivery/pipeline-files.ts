import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../../core/errors';

/** What `npm run pipeline -- <env>` writes for a reviewer: the spec, the TPU request, the run parameters. */
export interface PipelineFiles {
  readonly dir: string;
  readonly files: readonly string[];
}

/** `<outdir>/pipeline/<env>` */
export function pipelineDir(env: string, outdir: string): string {
  return join(outdir, 'pipeline', env);
}

const LOCALS = { body: 'vertex_pipeline_job_body', request: 'training_tpu_request' } as const;

/**
 * Reads the launcher's PipelineJob body and the TPU request template from a synthesized stack's JSON
 * and writes them as pretty JSON: `pipeline-spec.json` (the KFP spec sent inline), `tpu-request.json`
 * (the queued resource every run sends, `__RUN_ID__`/`__DATA_DIR__` filled in per run) and
 * `parameter-values.json`. Terraform references (`${...}`) stay as they are: they are resolved at apply.
 * The folder is replaced whole, through a temporary sibling, so a failed write leaves the last one.
 */
export function writePipelineFiles(tf: Record<string, unknown>, dir: string): PipelineFiles {
  const locals = (tf.locals ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const body = locals[LOCALS.body];
  const request = locals[LOCALS.request];
  if (!body || !request) {
    throw new InputError([
      `stack locals=${JSON.stringify(Object.keys(locals))}: no training runs in this environment; allowed: an environment with enableVertexAi true (training runs are Vertex AI pipeline runs)`,
    ]);
  }
  const spec = body.pipelineSpec;
  if (spec === undefined) {
    throw new InputError([
      'training.template: set, so the launcher runs a compiled pipeline from the KFP repository; allowed: null, to have the generated spec written here',
    ]);
  }
  const runtime = (body.runtimeConfig ?? {}) as Record<string, unknown>;
  const files: [string, unknown][] = [
    ['pipeline-spec.json', spec],
    ['tpu-request.json', request],
    ['parameter-values.json', runtime.parameterValues ?? {}],
  ];
  const staging = join(dirname(dir), `.pipeline-${process.pid}.staging`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const [name, value] of files) writeFileSync(join(staging, name), `${JSON.stringify(value, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir, files: files.map(([name]) => join(dir, name)) };
}
