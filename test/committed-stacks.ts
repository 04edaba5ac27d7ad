import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { EnvironmentName } from '../src/config';
import type { TerraformJson } from './helpers';

const ROOT = resolve(__dirname, '..');
/**
 * Everything a cached synth is made of: the code and the committed configuration, the installed
 * packages (the lock files), this file and the test code that synthesizes.
 */
export const INPUTS = [
  'src',
  'stacks',
  'constructs',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'test/committed-stacks.ts',
  'test/helpers.ts',
  'test/delivery-helpers.ts',
  'test/fixtures/workload.ts',
];
/** Where the stacks are kept, one folder per key (inside the project: .build is never committed). */
export const COMMITTED_STACKS_CACHE = join(ROOT, '.build', 'test-stacks');

/** Every file under `path`, sorted, as paths relative to `root`. */
function filesUnder(root: string, path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [relative(root, path)];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(root, join(path, entry)));
}

/** The variables cdktf reads as it synthesizes (CDKTF_CONTEXT_JSON, SYNTH_HCL_OUTPUT, ...). */
const SYNTH_VARIABLES = /^(CDKTF_|SYNTH_|TERRAFORM_)/;

/**
 * A digest of the path and bytes of every input under `root`, and of the variables cdktf reads: it
 * changes whenever the synthesized JSON may.
 */
export function stacksKey(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256').update(process.version);
  for (const name of Object.keys(env).sort()) if (SYNTH_VARIABLES.test(name)) hash.update(`\0${name}=${env[name]}`);
  for (const file of INPUTS.flatMap((input) => filesUnder(root, join(root, input)))) {
    hash.update(`\0${file}\0`).update(readFileSync(join(root, file)));
  }
  return hash.digest('hex').slice(0, 24);
}

let key: string | undefined;

/**
 * The folder `name` of this run's cache: what `make` wrote into an empty folder, made by the first
 * suite to ask (another worker may race it: the first whole folder wins) and read by the others.
 * Callers only read the folder.
 */
export function cachedSynth(name: string, make: (dir: string) => void): string {
  const folder = join(COMMITTED_STACKS_CACHE, (key ??= stacksKey(ROOT)));
  const dir = join(folder, name);
  if (existsSync(dir)) return dir;
  mkdirSync(folder, { recursive: true });
  const partial = mkdtempSync(`${dir}.partial-`);
  try {
    make(partial);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    throw e;
  }
  try {
    renameSync(partial, dir);
  } catch (e) {
    // Another worker made it first: keep theirs.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(dir)) throw e;
  }
  for (const other of readdirSync(COMMITTED_STACKS_CACHE)) {
    if (join(COMMITTED_STACKS_CACHE, other) !== folder)
      rmSync(join(COMMITTED_STACKS_CACHE, other), { recursive: true, force: true });
  }
  return dir;
}

const made = new Map<EnvironmentName, { json: string; tf: TerraformJson }>();

/**
 * The committed environment `name`'s stack as `Testing.synth` makes it (`synthEnv(envConfig(name))`),
 * for the tests that only read its JSON. The suites of one run share it (cachedSynth): the first
 * suite to ask synthesizes it and keeps the JSON under a key made from every file it depends on
 * (stacksKey), and the others read that file. A change to any of them changes the key, so an edit is
 * always synthesized afresh; a suite that needs the construct tree calls synthEnv.
 */
export function committedStack(name: EnvironmentName): { json: string; tf: TerraformJson } {
  const known = made.get(name);
  if (known) return known;
  const dir = cachedSynth(`testing-${name}`, (into) => {
    // Loaded only on a miss: a suite served from the cache need not load the stacks for this.
    const { envConfig, synthEnv } = require('./helpers') as typeof import('./helpers');
    writeFileSync(join(into, 'cdk.tf.json'), synthEnv(envConfig(name)).json);
  });
  const json = readFileSync(join(dir, 'cdk.tf.json'), 'utf8');
  const stack = { json, tf: JSON.parse(json) as TerraformJson };
  made.set(name, stack);
  return stack;
}
