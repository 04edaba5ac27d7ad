import { Console } from 'node:console';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROOT } from './cli-bundles';

type ModuleFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

const COMPILED = new Map<string, ModuleFunction>();

/** The bundle as a CommonJS module function, compiled once per suite (in this suite's realm). */
function compiled(bundle: string): ModuleFunction {
  let fn = COMPILED.get(bundle);
  if (!fn) {
    fn = new Function(
      'exports',
      'require',
      'module',
      '__filename',
      '__dirname',
      readFileSync(bundle, 'utf8'),
    ) as ModuleFunction;
    COMPILED.set(bundle, fn);
  }
  return fn;
}

/** What a run of a CLI bundle gives back, as spawnSync returns it. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a CLI bundle (the file `runBundle` spawns, see test/cli-bundles.ts) inside the test process,
 * as `node <bundle> <args>` runs it: for the length of the run, argv, the environment (exactly
 * `PATH` and `env`, as runBundle gives the child), the working folder, stdout and stderr (console
 * included) are the process's own, and the exit code is what the bundle leaves in
 * process.exitCode; then all of it is restored. Each spawned node costs about 0.2 s of CPU (0.6 s
 * for a CLI that loads the stacks); this costs a fraction of that.
 *
 * The bundle's own code (all of this project's code the CLI runs) is evaluated afresh on every run,
 * as a new process would; the npm packages it requires (cdktf, the providers, zod) come from this
 * suite's module registry, loaded once per suite and shared by its runs, which keep no state in
 * them that a later run reads. Reloading them for every run cost more than the runs themselves.
 *
 * Processes the CLI starts get the worker's real environment, not the one set here (Jest's
 * process.env is a copy): a test about what a child finds on PATH must spawn the bundle.
 *
 * Only for CLIs whose main is synchronous (every one but preflight): runCli settles such a main in
 * microtasks, before the next turn of the event loop. Each CLI keeps tests that spawn it for real.
 */
export async function runBundleInProcess(
  bundle: string,
  args: readonly string[],
  env: Record<string, string> = {},
  cwd = ROOT,
): Promise<CliRun> {
  const saved = { argv: process.argv, env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  // Jest's console does not write to process.stdout: the run gets one that does, as node's does.
  const jestConsole = globalThis.console;
  const output = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      output[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, values);
  };
  let status: number;
  try {
    process.argv = [process.execPath, bundle, ...args];
    setEnv({ PATH: saved.env.PATH ?? '', ...env });
    process.chdir(cwd);
    process.exitCode = undefined;
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr });
    try {
      const module = { exports: {}, id: bundle, filename: bundle, loaded: false };
      compiled(bundle)(module.exports, require, module, bundle, dirname(bundle));
      await new Promise((resolve) => setImmediate(resolve));
      status = typeof process.exitCode === 'number' ? process.exitCode : 0;
    } catch (e) {
      // Thrown while loading, before runCli: node prints it and exits 1.
      output.stderr += `${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`;
      status = 1;
    }
  } finally {
    globalThis.console = jestConsole;
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    setEnv(saved.env);
    process.argv = saved.argv;
  }
  return { status, ...output };
}
