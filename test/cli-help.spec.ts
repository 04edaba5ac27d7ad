import { TEST_BUILD } from './global-setup';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_INPUTS } from '../src/config';
import { runBundleInProcess } from './cli-in-process';
import { ROOT } from './delivery-helpers';

// Inside the project, so that the bundles' external packages resolve from its node_modules.
const BUILD = join(TEST_BUILD, 'src', 'tools', 'cli');
/** Every CLI in src/tools/cli (exit.ts and usage.ts are helpers). */
const CLIS = readdirSync(join(ROOT, 'src', 'tools', 'cli'))
  .filter((f) => f.endsWith('.ts') && !['exit.ts', 'usage.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

const work = mkdtempSync(join(tmpdir(), 'cli-help-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The bundle run in this process (test/cli-in-process.ts), with the environment a spawned one gets
 * (PATH and CDKTF_OUTDIR only). Usage is printed by runCli before any main runs, synchronously for
 * every CLI, so each run here is what `node <bundle>` prints; each CLI's real spawn is in its own
 * suites (cli, bad-input-*, policy-cli, export-im, training-runs, preflight, stack-commands, ...).
 */
function run(cli: string, args: string[]) {
  return runBundleInProcess(join(BUILD, `${cli}.js`), args, { CDKTF_OUTDIR: join(work, 'out') });
}

describe('--help and -h on every CLI', () => {
  it('covers the CLIs the walkthrough found', () => {
    expect(CLIS).toEqual([
      'bench',
      'cost',
      'diagram',
      'export-im',
      'pipeline',
      'plan-summary',
      'policy',
      'preflight',
      'stack',
      'synth',
    ]);
  });

  /** The npm script that runs each CLI, as package.json has it (stack: as deploy). */
  const scriptOf = (cli: string) =>
    Object.keys(SCRIPTS).find((s) =>
      SCRIPTS[s].startsWith(`node src/tools/build.mjs && node .build/src/tools/cli/${cli}.js`),
    );
  /** The CLIs that read the configuration, so list its shell inputs. */
  const READS_CONFIG = ['synth', 'cost', 'export-im', 'stack', 'diagram', 'pipeline'];

  it.each(CLIS)(
    '%s: --help and -h (also after an argument) print the same usage, exit 0, and run nothing',
    async (cli) => {
      const script = scriptOf(cli);
      expect(script).toBeDefined();
      const action = cli === 'stack' ? ['deploy'] : [];
      const help = await run(cli, [...action, '--help']);
      expect(help.stderr).toBe('');
      expect(help.status).toBe(0);
      expect(help.stdout.split('\n')[0]).toMatch(new RegExp(`^usage: npm run ${script}( |$)`));
      expect(help.stdout).toContain('\narguments:\n');
      expect(help.stdout).toMatch(/\n {2}-h, --help +print this and exit\n/);
      // -h and help after an argument go through the same runCli for every CLI: checked on two of them.
      if (['cost', 'stack'].includes(cli)) {
        for (const args of [
          [...action, '-h'],
          [...action, 'dev', '-h'],
        ])
          expect(await run(cli, args)).toMatchObject({ status: 0, stdout: help.stdout, stderr: '' });
      }
      if (READS_CONFIG.includes(cli)) {
        expect(help.stdout).toContain('\nenvironment variables:\n');
        for (const input of STACK_INPUTS)
          expect(help.stdout).toMatch(new RegExp(`\\n {2}${input.env} +${input.description.replace(/[()]/g, '.')}\\n`));
      }
      expect(existsSync(join(work, 'out'))).toBe(false);
    },
  );
});

describe('CLIs that take no arguments', () => {
  it.each([
    [
      'synth',
      'error: arguments="dev": unexpected; allowed: none (ENVIRONMENT=<env> npm run synth selects one environment)\n',
    ],
    ['bench', 'error: arguments="dev": unexpected; allowed: none (BENCH_RUNS=<n> sets the runs)\n'],
  ])('%s refuses one instead of ignoring it', async (cli, stderr) => {
    const r = await run(cli, ['dev']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(stderr);
    expect(existsSync(join(work, 'out'))).toBe(false);
  });
});
