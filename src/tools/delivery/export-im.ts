import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK_INPUTS } from '../../config';
import { InputError } from '../../core/errors';
import { applyChanges, fsReason } from '../../core/output-folder';
import { shown } from '../../core/problem-line';
import { walkStrings } from './expressions';
import { assertTerraformCompat } from './tf-compat';

/**
 * Infrastructure Manager hand-off: turns one synthesized stack into a self-contained Terraform root
 * module (`main.tf.json` plus every asset it references), without a backend block (Infrastructure
 * Manager keeps the state), with `project_id` required, and checked to load in Terraform 1.5.7.
 */

/**
 * The lowest Terraform the module declares, in place of the stack's own (TOOLCHAIN.minimumTerraformVersion):
 * the module is checked against the language of Infrastructure Manager's 1.5.7 only (tf-compat.ts).
 */
export const REQUIRED_TERRAFORM = '>= 1.5.0';

/** The stack's JSON as a root module for Infrastructure Manager. Does not change `tf`. */
export function toRootModule(tf: Record<string, unknown>): Record<string, unknown> {
  const module = stripComments(structuredClone(tf)) as Record<string, unknown>;
  const terraform = (module.terraform ?? {}) as Record<string, unknown>;
  delete terraform.backend;
  delete terraform.cloud;
  terraform.required_version = REQUIRED_TERRAFORM;
  module.terraform = terraform;

  const variables = (module.variable ?? {}) as Record<string, Record<string, unknown>>;
  const missing = STACK_INPUTS.map((i) => i.variable).filter((v) => !variables[v]);
  if (missing.length)
    throw new InputError(
      missing.map(
        (v) => `variable.${v}: missing from the stack; allowed: every stack input is a variable (stacks/inputs.ts)`,
      ),
    );
  delete variables.project_id.default;
  return module;
}

function stripComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripComments);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== '//')
        .map(([k, v]) => [k, stripComments(v)]),
    );
  }
  return value;
}

/**
 * cdktf asset paths (`assets/<id>/<hash>[/<file>]`, relative to the stack's folder) referenced
 * anywhere in the JSON, literally or inside an expression (`filemd5("assets/...")`), sorted.
 */
export function assetReferences(tf: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const pattern =
    /(?:^|(?<=["'(\s,])|(?<=\$\{path\.(?:module|root)\}\/))(assets\/[^\s"'(){}[\],/]+\/[^\s"'(){}[\],/]+(?:\/[^\s"'(){}[\],]*)?)/g;
  walkStrings(tf, (text, path) => {
    if (path.split('.').includes('//')) return;
    for (const m of text.matchAll(pattern)) found.add(m[1].replace(/\/$/, ''));
  });
  return [...found].sort();
}

export interface ExportResult {
  /** The folder written. */
  readonly dir: string;
  /** Files in it, relative, sorted: `main.tf.json` and the assets. */
  readonly files: readonly string[];
  readonly assets: readonly string[];
}

/**
 * Writes the root module for the stack synthesized in `stackDir` (its `cdk.tf.json` and assets) to
 * `outDir`, replacing what was there only once everything was written. Throws InputError when the
 * JSON would not load in Terraform 1.5.7 or references an asset that is not there.
 */
export function exportRootModule(stackDir: string, outDir: string): ExportResult {
  const tf = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>;
  const module = toRootModule(tf);
  assertTerraformCompat(module, 'main.tf.json');
  const assets = assetReferences(module);
  const absent = assets.filter((a) => !existsSync(join(stackDir, a)));
  if (absent.length)
    throw new InputError(
      absent.map(
        (a) =>
          `asset ${shown(a)}: referenced by the stack but not synthesized; allowed: paths of TerraformAsset objects`,
      ),
    );

  const staging = `${outDir}.staging`;
  const inTheWay = (path: string, why: string) =>
    `${shown(path)}: cannot be written (${why}), so the export was left as it was; allowed: a folder you can write (CDKTF_OUTDIR)`;
  try {
    try {
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      writeFileSync(join(staging, 'main.tf.json'), `${JSON.stringify(module, null, 2)}\n`);
      for (const asset of assets) cpSync(join(stackDir, asset), join(staging, asset), { recursive: true });
    } catch (e) {
      throw new InputError([inTheWay((e as NodeJS.ErrnoException).path ?? staging, fsReason(e))]);
    }
    applyChanges([{ from: staging, to: outDir }], inTheWay);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir: outDir, files: listFiles(outDir), assets };
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix))
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry}` : entry;
      return statSync(join(dir, rel)).isDirectory() ? listFiles(dir, rel) : [rel];
    })
    .sort();
}
