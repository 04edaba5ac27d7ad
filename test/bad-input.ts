import { execFileSync, SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { InputError } from '../src/core/errors';
import { runBundle } from './cli-bundles';

/**
 * The house promise for bad input, as the bad-input-<cli> suites check it: a non-zero exit, one line
 * per problem (`error: <field>=<value>: <problem>; allowed: <what>`), no stack trace, nothing printed
 * on stdout, and the last good output byte-identical (hashTree before and after).
 */

export interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `fn` as runCli does: an InputError becomes its rendered lines on stderr and exit code 1. */
export function asCli(fn: () => unknown): Outcome {
  try {
    fn();
    return { status: 0, stdout: '', stderr: '' };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return {
      status: 1,
      stdout: '',
      stderr: e
        .render()
        .map((l) => `${l}\n`)
        .join(''),
    };
  }
}

/** A spawned bundle's outcome. */
export function outcome(r: SpawnSyncReturns<string>): Outcome {
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Refused: exit code 1, exactly the lines given (one per problem), each in the house form, no trace. */
export function expectRefused(r: Outcome, ...lines: (string | RegExp)[]): void {
  const got = r.stderr.split('\n').filter((l) => l !== '');
  expect({ status: r.status, lines: got }).toEqual({
    status: 1,
    lines: lines.map((l) => (typeof l === 'string' ? l : expect.stringMatching(l))),
  });
  for (const line of got) expect(line).toMatch(/^error: \S.*: .*; allowed: \S/);
  expect(r.stderr).not.toMatch(/\n\s+at \S/);
}

/** Every file and symbolic link under `dir`, as relative path -> sha256 (links: their target). */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const p = join(d, entry);
      const stat = lstatSync(p);
      if (stat.isDirectory()) walk(p);
      else
        out[relative(dir, p)] = stat.isSymbolicLink()
          ? `-> ${readlinkSync(p)}`
          : createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

let nodeOnly: string | undefined;

/** A PATH with node and nothing else: no terraform, no cdktf, no shell tools. */
export function nodeOnlyPath(): string {
  if (!nodeOnly) {
    nodeOnly = mkdtempSync(join(tmpdir(), 'node-only-'));
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
  }
  return nodeOnly;
}

/** A folder holding an executable `terraform` that prints `Terraform v<version>`. */
export function fakeTerraform(version: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-terraform-'));
  const bin = join(dir, 'terraform');
  execFileSync(process.execPath, [
    '-e',
    `require('fs').writeFileSync(${JSON.stringify(bin)}, '#!/bin/sh\\necho "Terraform v${version}"\\n', { mode: 0o755 })`,
  ]);
  return dir;
}

/** Runs a CLI bundle with a PATH that has no Terraform on it. */
export function runWithoutTerraform(bundle: string, args: string[], env: Record<string, string> = {}, cwd?: string) {
  return outcome(runBundle(bundle, args, { ...env, PATH: env.PATH ?? nodeOnlyPath() }, cwd));
}

const root = process.getuid?.() === 0;

/**
 * Makes the folder `dir` impossible to change for this process, as a root-owned folder left by `sudo
 * terraform` is for its user: read-only for a normal user, immutable (chattr +i) for root, whom
 * permissions do not stop. Returns the undo.
 */
export function lockFolder(dir: string): () => void {
  if (!root) {
    const mode = lstatSync(dir).mode & 0o777;
    chmodSync(dir, 0o555);
    return () => chmodSync(dir, mode);
  }
  execFileSync('chattr', ['+i', dir]);
  return () => execFileSync('chattr', ['-i', dir]);
}

/** Creates `dir` (and its parents) and returns it. */
export function folder(...parts: string[]): string {
  const dir = join(...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
