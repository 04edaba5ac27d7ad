/**
 * Staged synthesis, shared by `npm run synth` (src/tools/cli/synth.ts) and the cdktf app (main.ts, which
 * `cdktf synth|diff|deploy` run): validate the configuration and the output folder, synthesize every
 * environment (or ENVIRONMENT) into a staging folder inside `<outdir>`, run the policy pack over every
 * stack, and only when all of that succeeded put the new output in place, all stacks or none:
 *
 * - In each stack's folder (`stacks/<env>`) only what synth writes is replaced (`cdk.tf.json`, `assets/`;
 *   `cdk.tf` and `metadata.json` of an `--hcl` synth). What Terraform wrote there (`.terraform/`, the
 *   lock file, a saved `plan`, local state) is kept, so `terraform -chdir=<outdir>/stacks/<env> output`
 *   still works after a synth.
 * - The manifest lists every stack folder kept, not only the stacks synthesized this time. The cdktf
 *   CLI removes every folder in `stacks/` that its manifest does not list ("orphaned"), so this is what
 *   keeps `npm run diff -- dev` (ENVIRONMENT=dev) from deleting the prod and staging folders.
 * - Anything in the way (a folder that is read-only, immutable or another user's, as a `sudo` deploy
 *   leaves `.terraform/`) is named, one line each, before anything is replaced.
 *
 * Bad input, an error-level policy finding or a folder in the way therefore leave the last good output
 * exactly as it was.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { EnvironmentConfig, loadEnvironments, ShellEnv } from '../src/config';
import { InputError } from '../src/core/errors';
import { applyChanges, Change, fsReason, outputFolderProblems, within } from '../src/core/output-folder';
import { shown } from '../src/core/problem-line';
import { collectPolicy, failures, PolicyError, StackReport } from '../src/policy';
import { buildApp, BuildAppOptions } from './app';

export type AppBuilder = (environments: readonly EnvironmentConfig[], options: BuildAppOptions) => App;

export interface SynthResult {
  /** The environments written, in order. */
  readonly stacks: string[];
  /** The policy pack's findings per stack (warnings and suppressed findings; no errors). */
  readonly policy: StackReport[];
  /** Old output that was replaced but could not be removed afterwards (left beside it). */
  readonly leftOver: string[];
}

/** The staging folder, inside the output folder (same file system, so every move is a rename). */
export const STAGING = '.synth-staging';

/** What synth writes in a stack's folder; everything else there (Terraform's files) is kept. */
export const SYNTH_OUTPUTS = ['cdk.tf.json', 'cdk.tf', 'metadata.json', 'assets'] as const;

interface ManifestStack {
  readonly name: string;
  readonly synthesizedStackPath: string;
  readonly [key: string]: unknown;
}

interface Manifest {
  readonly version: string;
  readonly stacks: Record<string, ManifestStack>;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A manifest entry as cdktf 0.21 writes one (stacks/<name>/cdk.tf.json). */
function manifestEntry(name: string): ManifestStack {
  return {
    annotations: [],
    constructPath: name,
    dependencies: [],
    name,
    stackMetadataPath: `stacks/${name}/metadata.json`,
    synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
    workingDirectory: `stacks/${name}`,
  };
}

/**
 * The staged manifest, with an entry for each stack folder of `outdir` that is kept: one this synth did
 * not write, whose synthesized JSON is there and reads as cdktf's (the cdktf CLI reads it, and its
 * telemetry reads `//` and `terraform` of every listed stack). Its old entry is kept where there is one.
 */
function keptStacks(staged: Manifest, outdir: string): Record<string, ManifestStack> {
  const previous = (readJson(join(outdir, 'manifest.json')) as Partial<Manifest> | undefined)?.stacks ?? {};
  const kept: Record<string, ManifestStack> = {};
  const stacks = join(outdir, 'stacks');
  for (const name of isFolder(stacks) ? readdirSync(stacks).sort() : []) {
    if (staged.stacks[name] || !isFolder(join(stacks, name))) continue;
    const old = previous[name];
    const entry = old && typeof old.synthesizedStackPath === 'string' ? old : manifestEntry(name);
    const tf = readJson(join(outdir, entry.synthesizedStackPath)) as Record<string, unknown> | undefined;
    if (tf && typeof tf['//'] === 'object' && typeof tf.terraform === 'object') kept[name] = entry;
  }
  return kept;
}

function mergeManifest(staging: string, outdir: string): void {
  const path = join(staging, 'manifest.json');
  const staged = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  const kept = keptStacks(staged, outdir);
  if (Object.keys(kept).length === 0) return;
  const all = { ...staged.stacks, ...kept };
  const stacks = Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((k) => [k, all[k]]),
  );
  writeFileSync(path, `${JSON.stringify({ ...staged, stacks }, null, 2)}\n`);
}

/** The renames that put the staged output in place in `outdir`, keeping what Terraform wrote. */
function changesFor(staging: string, outdir: string): Change[] {
  const changes: Change[] = [];
  for (const entry of readdirSync(staging).sort()) {
    const from = join(staging, entry);
    const to = join(outdir, entry);
    if (entry !== 'stacks' || !isFolder(to)) {
      changes.push({ from, to });
      continue;
    }
    for (const name of readdirSync(from).sort()) {
      const stagedStack = join(from, name);
      const stack = join(to, name);
      if (!isFolder(stack)) {
        changes.push({ from: stagedStack, to: stack });
        continue;
      }
      const written = new Set(readdirSync(stagedStack));
      for (const output of [...new Set([...written, ...SYNTH_OUTPUTS])].sort()) {
        if (written.has(output)) changes.push({ from: join(stagedStack, output), to: join(stack, output) });
        else if (existsSync(join(stack, output))) changes.push({ remove: join(stack, output) });
      }
    }
  }
  return changes;
}

const IN_THE_WAY =
  'files and folders you can write (a sudo terraform run leaves root-owned ones: sudo chown -R "$USER" <folder>; an immutable one: sudo chattr -i <folder>)';

export function synthesizeStacks(shell: ShellEnv, outdir: string, build: AppBuilder = buildApp): SynthResult {
  // The configuration's problems and the output folder's, together.
  const folderProblems = outputFolderProblems(outdir);
  let environments: EnvironmentConfig[];
  try {
    environments = loadEnvironments(shell);
  } catch (e) {
    if (e instanceof InputError && folderProblems.length) throw new InputError([...e.problems, ...folderProblems]);
    throw e;
  }
  if (folderProblems.length) throw new InputError(folderProblems);
  const at = `CDKTF_OUTDIR=${shown(outdir)}`;
  const created = !existsSync(outdir);
  const staging = join(outdir, STAGING);
  let done = false;
  try {
    try {
      if (created) mkdirSync(outdir);
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging);
    } catch (e) {
      throw new InputError([
        `${at}: cannot write its staging folder ${STAGING} (${fsReason(e)}); allowed: ${IN_THE_WAY}`,
      ]);
    }
    const policy = collectPolicy(() => build(environments, { outdir: staging }).synth());
    if (policy.some((r) => failures(r.report) > 0))
      throw new PolicyError(policy, `${shown(outdir)} was left as it was`);
    mergeManifest(staging, outdir);
    const leftOver = applyChanges(
      changesFor(staging, outdir),
      (path, why) =>
        `${at}: ${shown(within(outdir, path) || '.')} is in the way (${why}), so no stack was replaced; allowed: ${IN_THE_WAY}`,
    );
    done = true;
    return { stacks: environments.map((e) => e.name), policy, leftOver };
  } finally {
    try {
      rmSync(staging, { recursive: true, force: true });
      if (created && !done) rmdirSync(outdir);
    } catch {
      // left for the next synth, which removes the staging folder first
    }
  }
}

/** Warnings for old output that was replaced but could not be removed. */
export function leftOverLines(paths: readonly string[]): string[] {
  return paths.map((p) => `warning: ${shown(p)}: replaced, but could not be removed; remove it by hand`);
}
