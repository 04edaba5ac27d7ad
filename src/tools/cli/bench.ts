/**
 * `npm run bench`: times the floor (`node -e "require('cdktf')"`), the synth script (package.json's
 * `synth`, run by sh: without npm's own start-up), `npm run synth`, and the cdktf.json app command (what
 * `cdktf diff|deploy` run), several times each, with GNU time for wall clock and peak memory; then
 * `npm test` once (BENCH_TEST=0 skips it). Prints medians and ratios against the goals. A benchmark,
 * not a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironments } from '../../config';
import { InputError } from '../../core/errors';
import { runCli } from './exit';
import { formatUsage } from './usage';
import { shown } from '../../core/problem-line';

const GOALS = { synthRatio: 5, appRatio: 8, synthPeakMiB: 200, testSeconds: 40 };
const TIME = '/usr/bin/time';

interface Sample {
  readonly seconds: number;
  readonly peakMiB: number;
}

function measure(command: string, env: NodeJS.ProcessEnv): Sample {
  const r = spawnSync(TIME, ['-f', 'BENCH %e %M', 'sh', '-c', command], { env, encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line) throw new Error(`"${command}" failed (exit ${r.status}):\n${r.stderr}`);
  const [, seconds, kib] = line.split(' ');
  return { seconds: Number(seconds), peakMiB: Number(kib) / 1024 };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const MAX_RUNS = 100;

/** BENCH_RUNS: a whole number of runs per command, 1 to MAX_RUNS; default 5. */
function benchRuns(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 5;
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_RUNS))
    throw new InputError([
      `BENCH_RUNS=${shown(raw)}: not a whole number from 1 to ${MAX_RUNS}; allowed: e.g. BENCH_RUNS=5`,
    ]);
  return n;
}

const USAGE = formatUsage({
  command: 'npm run bench',
  what: `Times the floor (node -e "require('cdktf')"), npm run synth and the cdktf.json app command with GNU time\n(${TIME}); prints medians and ratios against the goals. A benchmark, not a test.`,
  env: [
    ['BENCH_RUNS', `runs per command, 1 to ${MAX_RUNS} (default 5)`],
    ['BENCH_TEST', '0: do not time npm test (default: once)'],
  ],
});

runCli(() => {
  const args = process.argv.slice(2);
  if (args.length)
    throw new InputError([
      `arguments=${shown(args.join(' '))}: unexpected; allowed: none (BENCH_RUNS=<n> sets the runs)`,
    ]);
  const runs = benchRuns(process.env.BENCH_RUNS);
  loadEnvironments(process.env); // bad configuration: its lines now, not a failed run later
  if (!existsSync(TIME)) throw new InputError([`${TIME}: not found; allowed: install GNU time (apt-get install time)`]);
  const outdir = mkdtempSync(join(tmpdir(), 'bench-'));
  const env = { ...process.env, CDKTF_OUTDIR: outdir };
  if (!existsSync('cdktf.json'))
    throw new InputError([
      `cdktf.json: not in ${shown(process.cwd())}; allowed: run from the project folder (npm run bench)`,
    ]);
  const app = (JSON.parse(readFileSync('cdktf.json', 'utf8')) as { app: string }).app;
  const synthScript = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
    .synth;
  const commands: [string, string][] = [
    ['floor: node -e "require(\'cdktf\')"', `node -e "require('cdktf')"`],
    [`synth script: ${synthScript}`, `${synthScript} >/dev/null`],
    ['npm run synth', 'npm run --silent synth >/dev/null'],
    [`app: ${app}`, app],
  ];
  try {
    const results = commands.map(([label, command]) => {
      measure(command, env); // warm the file cache
      const samples = Array.from({ length: runs }, () => measure(command, env));
      return { label, seconds: median(samples.map((s) => s.seconds)), peakMiB: median(samples.map((s) => s.peakMiB)) };
    });
    const floor = results[0].seconds;
    const lines = [`${runs} runs each, medians (${new Date().toISOString().slice(0, 10)}, ${process.version})`, ''];
    lines.push('| command | wall s | x floor | peak MiB |', '|---|---:|---:|---:|');
    for (const r of results)
      lines.push(
        `| ${r.label} | ${r.seconds.toFixed(2)} | ${(r.seconds / floor).toFixed(1)} | ${r.peakMiB.toFixed(0)} |`,
      );
    const [, synth, , appRun] = results;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    lines.push(
      '',
      `goal synth script <= ${GOALS.synthRatio}x floor: ${(synth.seconds / floor).toFixed(1)}x ${verdict(synth.seconds / floor <= GOALS.synthRatio)}`,
      `goal synth peak <= ${GOALS.synthPeakMiB} MiB: ${synth.peakMiB.toFixed(0)} MiB ${verdict(synth.peakMiB <= GOALS.synthPeakMiB)}`,
      `goal app command <= ${GOALS.appRatio}x floor: ${(appRun.seconds / floor).toFixed(1)}x ${verdict(appRun.seconds / floor <= GOALS.appRatio)}`,
    );
    if (process.env.BENCH_TEST !== '0') {
      const test = measure('npm test >/dev/null 2>&1', process.env);
      lines.push(
        `goal npm test <= ${GOALS.testSeconds} s: ${test.seconds.toFixed(1)} s ${verdict(test.seconds <= GOALS.testSeconds)}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}, USAGE);
