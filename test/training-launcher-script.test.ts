import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Lazy, Token } from 'cdktf';
import { defaultTrainingCommand, proveSliceProgram } from '../constructs/training/default-command';
import { LAUNCHER_LOG_FILE, SERIAL_CONSOLE, trainingLauncherScript } from '../constructs/training/launcher-script';
import { DATA_LAKE_MOUNT, SETUP_RETRY } from '../constructs/tpu/startup-script';
import { pathWithPython3, PYTHON3 } from './python3';
import { spawnAsync } from './spawn-async';

/**
 * Runs the training launcher for real, in bash, in a scratch root: `/etc/`, `/mnt/`, `/var/` and the
 * serial console point into it, and curl (the metadata server: one file per key in meta/), gcsfuse,
 * mountpoint, mount and sleep are stand-ins. The "bucket" is the mount folder itself, so what the
 * launcher writes there stays across boots of the same root, as objects stay in the bucket. The
 * stand-ins use bash builtins only where they can (a boot used to start some 115 processes, most of
 * them the stand-ins' own grep, tail, basename and tr), and boots run concurrently: each scenario
 * starts its boot when it is declared (or runs as a concurrent test) and awaits it.
 */
const ROOT = join(__dirname, '..');
const RUN_ID = 'run-20261201-a';
const BUCKET = 'lake';

interface Boot {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly gcsfuseCalls: number;
}

/** Runs `script` with bash, as spawnSync would (60 s at most), without holding up the other boots. */
function runBash(script: string, env: Record<string, string>): Promise<Omit<Boot, 'gcsfuseCalls'>> {
  return spawnAsync('bash', [script], { env, timeout: 60_000 });
}

class Worker {
  readonly root = mkdtempSync(join(tmpdir(), 'tpu-launcher-'));
  readonly bin = join(this.root, 'bin');
  readonly state = join(this.root, 'state');
  readonly meta = join(this.root, 'meta');
  readonly mountDir = join(this.root, DATA_LAKE_MOUNT);
  readonly console = join(this.root, SERIAL_CONSOLE);
  readonly logFile = join(this.root, LAUNCHER_LOG_FILE);

  constructor(metadata: Record<string, string> = {}) {
    for (const dir of [this.bin, this.state, this.meta, join(this.root, 'etc', 'profile.d'), join(this.root, 'dev')])
      mkdirSync(dir, { recursive: true });
    writeFileSync(this.console, '');
    const stub = (name: string, body: string) => {
      writeFileSync(join(this.bin, name), `#!/bin/bash\n${body}\n`);
      chmodSync(join(this.bin, name), 0o755);
    };
    // The metadata server: GET .../instance/attributes/<key> with the Metadata-Flavor header.
    // The metadata server: the last argument under .../instance/attributes/ is the key; the value
    // is printed byte for byte (read -d '' keeps trailing newlines, which $(<file) would drop).
    stub(
      'curl',
      [
        'url=""',
        'for a in "$@"; do case "$a" in http://metadata.google.internal/computeMetadata/v1/instance/attributes/*) url="$a" ;; esac; done',
        '[[ "$*" == *"-H Metadata-Flavor: Google"* ]] || { echo "curl stub: no Metadata-Flavor header" >&2; exit 2; }',
        'key="${url%/}"; key="${key##*/}"',
        'echo "$key" >> "$STATE/curl-calls"',
        'if [ -f "$META/$key" ]; then IFS= read -r -d "" value < "$META/$key"; printf "%s" "$value"; else echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; fi',
      ].join('\n'),
    );
    // A mounted path is a file named for it in state/ ("/" as "_").
    stub('mountpoint', 'p="${2:-$1}"; [ -e "$STATE/mounted${p//\\//_}" ]');
    stub('mount', 'p="${@: -1}"; : >> "$STATE/mounted${p//\\//_}"');
    stub('sleep', 'exit 0');
    // A mount serves the bucket with --dir-mode 777, as gcsfuse does.
    stub(
      'gcsfuse',
      [
        'echo x >> "$STATE/gcsfuse-calls"',
        '[ -z "$MOUNT_FAILS" ] || exit 1',
        'p="${@: -1}"; : >> "$STATE/mounted${p//\\//_}"',
        'chmod 777 "${@: -1}"',
      ].join('\n'),
    );
    this.setMetadata({
      'run-id': RUN_ID,
      'data-dir': `gs://${BUCKET}/processed-data/corpus/${RUN_ID}`,
      'checkpoint-dir': `gs://${BUCKET}/checkpoints/${RUN_ID}`,
      'model-dir': `gs://${BUCKET}/models/${RUN_ID}`,
      'results-dir': `gs://${BUCKET}/runs`,
      'num-slices': '1',
      'training-setup': 'true',
      'training-command': 'exit 0',
      'accelerator-type': 'v6e-8',
      'agent-worker-number': '0',
      'worker-network-endpoints': 'unknown:unknown:10.0.0.2',
      ...metadata,
    });
  }

  setMetadata(metadata: Record<string, string | undefined>): void {
    for (const [key, value] of Object.entries(metadata)) {
      if (value === undefined) rmSync(join(this.meta, key), { force: true });
      else writeFileSync(join(this.meta, key), value);
    }
  }

  /** Path of a data lake object, seen through the mount. */
  lake(...path: string[]): string {
    return join(this.mountDir, ...path);
  }

  result(worker = 0): Record<string, unknown> | undefined {
    const file = this.lake('runs', RUN_ID, `result-${worker}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
  }

  resultText(worker = 0): string | undefined {
    const file = this.lake('runs', RUN_ID, `result-${worker}.json`);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  stateFile(name: string): string | undefined {
    const file = join(this.state, name);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  /** One boot: the startup script runs from the top. `reboot` first forgets the mounts, as a reboot does. */
  async boot(env: Record<string, string> = {}, options: { reboot?: boolean; bucketName?: string } = {}): Promise<Boot> {
    if (options.reboot)
      for (const f of readdirSync(this.state))
        if (f.startsWith('mounted') || f === 'gcsfuse-calls') rmSync(join(this.state, f));
    const script = trainingLauncherScript({ bucketName: options.bucketName ?? BUCKET, fileCacheMemoryPercent: 25 })
      .replace(/(["'\s])\/(etc|mnt|var)\//g, `$1${this.root}/$2/`)
      .replace(/(["'\s])\/dev\/ttyS0/g, `$1${this.root}/dev/ttyS0`);
    writeFileSync(join(this.root, 'startup.sh'), script);
    const run = await runBash(join(this.root, 'startup.sh'), {
      PATH: `${this.bin}:${pathWithPython3(process.env.PATH ?? '')}`,
      STATE: this.state,
      META: this.meta,
      HOME: this.root,
      ...env,
    });
    const calls = this.stateFile('gcsfuse-calls');
    return { ...run, gcsfuseCalls: calls ? calls.split('\n').filter(Boolean).length : 0 };
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

describe('training launcher script, run in a scratch root', () => {
  const workers: Worker[] = [];
  afterAll(() => workers.forEach((w) => w.cleanup()));
  const worker = (metadata?: Record<string, string>) => {
    const w = new Worker(metadata);
    workers.push(w);
    return w;
  };
  /** A command that records what it sees, then exits with `code`. */
  const recorder = (code: number) =>
    [
      'echo ran >> "$STATE/command-runs"',
      'env | grep -E "^(RUN_ID|DATA_DIR|CHECKPOINT_DIR|MODEL_DIR|WORKER_ID|NUM_WORKERS|NUM_SLICES|SLICE_ID|DATA_LAKE_MOUNT)=" | sort > "$STATE/command-env"',
      'if ls "$DATA_LAKE_MOUNT/runs/$RUN_ID"/result-* >/dev/null 2>&1; then echo present; else echo absent; fi > "$STATE/result-while-running"',
      'pwd > "$STATE/command-cwd"',
      'echo "training output line"',
      `exit ${code}`,
    ].join('\n');

  it('has no ${ or %{ of its own (Terraform templates); a token bucket is its one interpolation', () => {
    expect(trainingLauncherScript({ bucketName: BUCKET, fileCacheMemoryPercent: 25 })).not.toMatch(/\$\{|%\{/);
    const token = Token.asString(Lazy.stringValue({ produce: () => 'lake' }));
    const withToken = trainingLauncherScript({ bucketName: token, fileCacheMemoryPercent: 25 });
    expect(withToken.split(token).join('')).not.toMatch(/\$\{|%\{/);
    expect(withToken.split(token)).toHaveLength(2);
  });

  it('passes bash -n, and stays far below the 256 KiB a metadata value may hold', () => {
    const script = trainingLauncherScript({
      bucketName: 'a-63-character-bucket-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      fileCacheMemoryPercent: 25,
    });
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    expect(Buffer.byteLength(script)).toBeLessThan(16 * 1024);
  });

  describe('a run whose command exits 3', () => {
    const w = worker({ 'training-command': recorder(3) });
    const booted = w.boot();
    let r: Boot;
    beforeAll(async () => {
      r = await booted;
    });

    it('runs the command once, after mounting, and ends with its exit code', () => {
      expect(r.status).toBe(3);
      expect(r.gcsfuseCalls).toBe(1);
      expect(w.stateFile('command-runs')).toBe('ran\n');
    });

    it('writes the result only after the command ran, carrying its exit code', () => {
      expect(w.stateFile('result-while-running')).toBe('absent\n');
      const result = w.result();
      expect(result).toEqual({ exitCode: 3, startTime: expect.any(String), endTime: expect.any(String), worker: 0 });
      for (const t of [result?.startTime, result?.endTime]) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(String(result?.startTime) <= String(result?.endTime)).toBe(true);
      expect(w.resultText()).toMatch(/^\{"exitCode":3,"startTime":"[^"]+","endTime":"[^"]+","worker":0\}\n$/);
      expect(readdirSync(w.lake('runs', RUN_ID)).sort()).toEqual(['log-0.txt', 'result-0.json']);
    });

    it("gives the command the contract's variables, with gs:// URIs mapped under the mount", () => {
      expect(w.stateFile('command-env')).toBe(
        [
          `CHECKPOINT_DIR=${w.lake('checkpoints', RUN_ID)}`,
          `DATA_DIR=${w.lake('processed-data', 'corpus', RUN_ID)}`,
          `DATA_LAKE_MOUNT=${w.mountDir}`,
          `MODEL_DIR=${w.lake('models', RUN_ID)}`,
          'NUM_SLICES=1',
          'NUM_WORKERS=1',
          `RUN_ID=${RUN_ID}`,
          'SLICE_ID=0',
          'WORKER_ID=0',
          '',
        ].join('\n'),
      );
      expect(existsSync(w.lake('checkpoints', RUN_ID))).toBe(true);
      expect(w.stateFile('command-cwd')).toBe(`${join(w.root, 'var', 'lib', 'training', RUN_ID)}\n`);
    });

    it('reads its run from the metadata server, with the Metadata-Flavor header', () => {
      expect(w.stateFile('curl-calls')?.split('\n').filter(Boolean)).toEqual([
        'run-id',
        'data-dir',
        'checkpoint-dir',
        'model-dir',
        'results-dir',
        'num-slices',
        'training-setup',
        'training-command',
        'accelerator-type',
        'agent-worker-number',
        'worker-network-endpoints',
      ]);
    });

    it('logs to its file and the serial console, and copies the log next to the result', () => {
      const log = readFileSync(w.logFile, 'utf8');
      for (const text of [log, readFileSync(w.console, 'utf8'), r.stdout]) {
        expect(text).toContain('training output line');
        expect(text).toContain(`training launcher: run ${RUN_ID} worker 0 ended at`);
        expect(text).toContain('with exit code 3');
      }
      expect(readFileSync(w.lake('runs', RUN_ID, 'log-0.txt'), 'utf8')).toContain('training output line');
    });
  });

  describe('when the bucket never mounts', () => {
    const w = worker({ 'training-command': recorder(0) });
    const booted = w.boot({ MOUNT_FAILS: '1' });
    let r: Boot;
    beforeAll(async () => {
      r = await booted;
    });

    it(`gives up after ${SETUP_RETRY.tries} tries, before reading the run, and writes nothing`, () => {
      expect(r.status).toBe(1);
      expect(r.gcsfuseCalls).toBe(SETUP_RETRY.tries);
      expect(r.stdout).toContain(`ERROR: could not mount gs://${BUCKET}`);
      expect(w.stateFile('command-runs')).toBeUndefined();
      expect(w.stateFile('curl-calls')).toBeUndefined();
      expect(existsSync(w.lake('runs'))).toBe(false);
      // The folder is locked (mode 000) while unmounted; root can still look inside it.
      if (process.getuid?.() === 0) expect(readdirSync(w.mountDir)).toEqual([]);
    });
  });

  describe('when the bucket is unmounted while the command runs', () => {
    const w = worker({ 'training-command': `rm -f "$STATE"/mounted*_mnt_data-lake\n${recorder(0)}` });
    const booted = w.boot();
    let r: Boot;
    beforeAll(async () => {
      r = await booted;
    });

    it('writes no result (nor its temporary file) into the bare mount folder, and fails', () => {
      expect(w.stateFile('command-runs')).toBe('ran\n');
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(
        `gs://${BUCKET} is no longer mounted at ${w.mountDir}; no result written (exit code 0)`,
      );
      expect(existsSync(w.lake('runs', RUN_ID))).toBe(true); // made before the command, while mounted
      expect(readdirSync(w.lake('runs', RUN_ID))).toEqual([]);
    });
  });

  describe('a reboot', () => {
    it.concurrent('does not run a finished run (exit code 0) again', async () => {
      const w = worker({ 'training-command': recorder(0) });
      expect((await w.boot()).status).toBe(0);
      const first = w.resultText();
      expect(w.result()?.exitCode).toBe(0);
      const again = await w.boot({}, { reboot: true });
      expect(again.status).toBe(0);
      expect(again.gcsfuseCalls).toBe(1);
      expect(again.stdout).toContain(`run ${RUN_ID} already finished on worker 0 with exit code 0`);
      expect(w.stateFile('command-runs')).toBe('ran\n');
      expect(w.resultText()).toBe(first);
    });

    it.concurrent('runs a run that had failed again, and replaces its result', async () => {
      const w = worker({ 'training-command': recorder(7) });
      expect((await w.boot()).status).toBe(7);
      w.setMetadata({ 'training-command': recorder(0) });
      expect((await w.boot({}, { reboot: true })).status).toBe(0);
      expect(w.stateFile('command-runs')).toBe('ran\nran\n');
      expect(w.result()?.exitCode).toBe(0);
    });

    it.concurrent('runs a run whose earlier boot never got to write a result', async () => {
      const w = worker({ 'training-command': recorder(0) });
      mkdirSync(w.lake('runs', RUN_ID), { recursive: true });
      writeFileSync(
        w.lake('runs', RUN_ID, 'result-1.json'),
        '{"exitCode":0,"startTime":"x","endTime":"y","worker":1}\n',
      );
      expect((await w.boot()).status).toBe(0);
      expect(w.stateFile('command-runs')).toBe('ran\n');
    });
  });

  describe('setup', () => {
    it.concurrent('runs before the command, with the same variables', async () => {
      const w = worker({
        'training-setup': 'echo "setup $RUN_ID $WORKER_ID" > "$STATE/setup"',
        'training-command': recorder(0),
      });
      expect((await w.boot()).status).toBe(0);
      expect(w.stateFile('setup')).toBe(`setup ${RUN_ID} 0\n`);
    });

    it.concurrent('that fails ends the run with its exit code; the command does not run', async () => {
      const w = worker({ 'training-setup': 'exit 5', 'training-command': recorder(0) });
      const r = await w.boot();
      expect(r.status).toBe(5);
      expect(r.stdout).toContain('setup failed with exit code 5; the command is not run');
      expect(w.stateFile('command-runs')).toBeUndefined();
      expect(w.result()).toMatchObject({ exitCode: 5, worker: 0 });
    });
  });

  describe('workers and slices', () => {
    it.concurrent(
      'numbers a worker of a multi-host slice from agent-worker-number and worker-network-endpoints',
      async () => {
        const w = worker({
          'training-command': recorder(0),
          'agent-worker-number': '1',
          'worker-network-endpoints': 'unknown:unknown:10.0.0.2,unknown:unknown:10.0.0.3',
        });
        expect((await w.boot()).status).toBe(0);
        expect(w.stateFile('command-env')).toContain('NUM_WORKERS=2\n');
        expect(w.stateFile('command-env')).toContain('WORKER_ID=1\n');
        expect(w.result(1)).toMatchObject({ exitCode: 0, worker: 1 });
      },
    );

    it.concurrent("numbers a worker of a multislice globally from tpu-env's MEGASCALE_SLICE_ID", async () => {
      const w = worker({
        'training-command': recorder(0),
        'num-slices': '2',
        'agent-worker-number': '1',
        'worker-network-endpoints': 'unknown:unknown:10.0.0.2,unknown:unknown:10.0.0.3',
        'tpu-env':
          "ACCELERATOR_TYPE: 'v6e-16'\nMEGASCALE_COORDINATOR_ADDRESS: '10.0.0.9:8080'\nMEGASCALE_NUM_SLICES: '2'\nMEGASCALE_SLICE_ID: '1'\nWORKER_ID: '1'\n",
      });
      expect((await w.boot()).status).toBe(0);
      const env = w.stateFile('command-env');
      for (const line of ['NUM_SLICES=2', 'NUM_WORKERS=4', 'SLICE_ID=1', 'WORKER_ID=3'])
        expect(env).toContain(`${line}\n`);
      expect(w.result(3)).toMatchObject({ exitCode: 0, worker: 3 });
      expect(w.stateFile('curl-calls')).toContain('tpu-env\n');
    });

    it.concurrent('refuses to guess when a multislice node has no slice id, and runs nothing', async () => {
      const w = worker({
        'training-command': recorder(0),
        'num-slices': '2',
        'tpu-env': "ACCELERATOR_TYPE: 'v6e-16'\n",
      });
      const r = await w.boot();
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('tpu-env has no MEGASCALE_SLICE_ID, but the request asked for 2 slices');
      expect(w.stateFile('command-runs')).toBeUndefined();
      expect(existsSync(w.lake('runs'))).toBe(false);
    });

    it.concurrent('refuses a slice count that disagrees with tpu-env', async () => {
      const w = worker({
        'training-command': recorder(0),
        'num-slices': '2',
        'tpu-env': "MEGASCALE_NUM_SLICES: '4'\nMEGASCALE_SLICE_ID: '0'\n",
      });
      expect((await w.boot()).stdout).toContain(
        'tpu-env says MEGASCALE_NUM_SLICES=4, but the request asked for 2 slices',
      );
      expect(w.stateFile('command-runs')).toBeUndefined();
    });
  });

  describe('bad metadata stops it before the command, without a result', () => {
    const cases: [string, Record<string, string | undefined>, string][] = [
      ['an unsubstituted run id', { 'run-id': '__RUN_ID__' }, 'run-id "__RUN_ID__" is not made of a-z, 0-9 and -'],
      [
        'a data dir outside the data lake',
        { 'data-dir': 'gs://other-bucket/processed-data/x' },
        `data-dir gs://other-bucket/processed-data/x is not in the data lake gs://${BUCKET}`,
      ],
      ['a missing key', { 'model-dir': undefined }, 'could not read metadata key model-dir'],
      ['a bad slice count', { 'num-slices': 'two' }, 'num-slices "two" is not a whole number of at least 1'],
    ];
    for (const [name, metadata, message] of cases) {
      it.concurrent(name, async () => {
        const w = worker({ 'training-command': recorder(0) });
        w.setMetadata(metadata);
        const r = await w.boot();
        expect(r.status).toBe(1);
        expect(r.stdout).toContain(`training launcher: ERROR: ${message}`);
        expect(w.stateFile('command-runs')).toBeUndefined();
        expect(existsSync(w.lake('runs', RUN_ID))).toBe(false);
      });
    }
  });

  describe('end to end: the default training command, against a fake JAX', () => {
    const w = worker();
    const fake = join(w.root, 'fake-site');
    const made = spawnSync(PYTHON3, [join(ROOT, 'test', 'python', 'fake_jax.py'), fake], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    const program = proveSliceProgram();
    const placeProgram = (at: ReturnType<typeof worker>) => {
      mkdirSync(dirname(at.lake(program.objectName)), { recursive: true });
      copyFileSync(program.localPath, at.lake(program.objectName));
    };
    placeProgram(w);
    w.setMetadata({ 'training-command': defaultTrainingCommand() });
    const booted = w.boot({ PYTHONPATH: fake, PYTHONDONTWRITEBYTECODE: '1', FAKE_JAX_DEVICES: '8' });
    let r: Boot;
    beforeAll(async () => {
      r = await booted;
    });

    it('proves the slice and reports it in MODEL_DIR', () => {
      expect(made.status).toBe(0);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('prove-slice: ok: 8 tpu chips');
      const report = JSON.parse(readFileSync(w.lake('models', RUN_ID, 'prove-slice.json'), 'utf8'));
      expect(report).toMatchObject({ ok: true, chips: 8, expectedChips: 8, peakTflopsPerChip: 918, runId: RUN_ID });
      expect(w.result()).toMatchObject({ exitCode: 0, worker: 0 });
    });

    it('fails the run on a chip-count mismatch', async () => {
      const again = worker({ 'training-command': defaultTrainingCommand() });
      placeProgram(again);
      spawnSync(PYTHON3, [join(ROOT, 'test', 'python', 'fake_jax.py'), join(again.root, 'fake-site')], {
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      });
      const run = await again.boot({
        PYTHONPATH: join(again.root, 'fake-site'),
        PYTHONDONTWRITEBYTECODE: '1',
        FAKE_JAX_DEVICES: '4',
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('JAX sees 4 chips, the slice should have 8');
      expect(again.result()).toMatchObject({ exitCode: 1 });
    });
  });
});
