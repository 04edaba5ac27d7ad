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
  // What test/setup.ts changes in cdktf for every suite.
  'test/setup.ts',
  'test/native-stack-traces.ts',
  'test/lazy-archiver.ts',
];
/**
 * This run's folder, which test/global-setup.ts makes (TEST_STACKS_DIR, inherited by the workers) and
 * test/global-teardown.ts removes: what is kept lasts one run, and another run, at the same time or
 * later, never sees it.
 */
function runDir(): string {
  const dir = process.env.TEST_STACKS_DIR;
  if (!dir) throw new Error('TEST_STACKS_DIR is not set: run Jest with jest.config.ts (test/global-setup.ts makes it)');
  return dir;
}
/** This suite's stacksKey: files edited while one suite runs are not looked for. */
let key: string | undefined;

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

/**
 * The folder `name` of this run's cache: what `make` wrote into an empty folder, made by the first
 * suite to ask (the other worker may race it: the first whole folder wins) and read by the others,
 * under the key of the files it is made of (stacksKey), so a file edited during the run is made
 * afresh. Callers only read the folder.
 */
export function cachedSynth(name: string, make: (dir: string) => void): string {
  const folder = join(runDir(), (key ??= stacksKey(ROOT)));
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
    // The other worker made it first: keep theirs.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(dir)) throw e;
  }
  return dir;
}

const made = new Map<EnvironmentName, { json: string; tf: TerraformJson }>();

/**
 * The committed environment `name`'s stack as `Testing.synth` makes it (`synthEnv(envConfig(name))`),
 * for the tests that only read its JSON: synthesized by the first suite of the run to ask and read
 * from this run's cache by the others (cachedSynth). A suite that needs the construct tree, or a
 * changed configuration, calls synthEnv.
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
