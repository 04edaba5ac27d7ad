import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DATA_LAKE_ENV_FILE,
  DATA_LAKE_MOUNT,
  DATA_LAKE_MOUNT_MODES,
  DATA_LAKE_PROFILE,
  dataLakeStartupScript,
  SETUP_RETRY,
  TRAINING_HOME,
  TRAINING_USER,
} from '../constructs/tpu';

/**
 * Runs the startup script for real, in bash, in a scratch root: `/etc/` and `/mnt/` point into it, and
 * gcsfuse, mountpoint, mount and sleep are stubs. The gcsfuse stub fails until its `succeedOn`-th
 * call and then marks the folder mounted, as the real mount would.
 */
function boot(
  options: { succeedOn?: number; mountedAlready?: boolean; staleEnvFile?: boolean; userExists?: boolean } = {},
) {
  const root = mkdtempSync(join(tmpdir(), 'tpu-boot-'));
  const bin = join(root, 'bin');
  for (const dir of [bin, join(root, 'etc', 'profile.d'), join(root, 'state')]) mkdirSync(dir, { recursive: true });
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  const mark = (path: string) => join(root, 'state', `mounted${path.replace(/\//g, '_')}`);
  stub('mountpoint', '[ -e "$STATE/mounted$(echo "${2:-$1}" | tr / _)" ]');
  stub('mount', 'touch "$STATE/mounted$(echo "${@: -1}" | tr / _)"');
  stub('sleep', 'exit 0');
  // The training user: absent until useradd creates it (uid and gid 1234).
  stub('useradd', 'echo "$@" >> "$STATE/useradd-calls"; touch "$STATE/user"');
  stub('id', '[ -e "$STATE/user" ] || exit 1; echo 1234');
  stub(
    'gcsfuse',
    [
      'echo x >> "$STATE/gcsfuse-calls"',
      'echo "$@" > "$STATE/gcsfuse-args"',
      '[ "$(wc -l < "$STATE/gcsfuse-calls")" -ge "$SUCCEED_ON" ] || exit 1',
      'touch "$STATE/mounted$(echo "${@: -1}" | tr / _)"',
    ].join('\n'),
  );

  const mountDir = join(root, DATA_LAKE_MOUNT);
  const envFile = join(root, DATA_LAKE_ENV_FILE);
  if (options.mountedAlready) {
    mkdirSync(mountDir, { recursive: true, mode: 0o755 });
    writeFileSync(mark(mountDir), '');
  }
  if (options.staleEnvFile) writeFileSync(envFile, 'DATA_LAKE_MOUNT=/from/an/earlier/boot\n');
  if (options.userExists) writeFileSync(join(root, 'state', 'user'), '');

  const script = dataLakeStartupScript({ bucketName: 'lake', fileCacheMemoryPercent: 25 }).replace(
    /(["'\s])\/(etc|mnt)\//g,
    `$1${root}/$2/`,
  );
  writeFileSync(join(root, 'startup.sh'), script);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    STATE: join(root, 'state'),
    SUCCEED_ON: String(options.succeedOn ?? 1_000),
  };
  const run = spawnSync('bash', [join(root, 'startup.sh')], { encoding: 'utf8', env });
  const calls = existsSync(join(root, 'state', 'gcsfuse-calls'))
    ? readFileSync(join(root, 'state', 'gcsfuse-calls'), 'utf8')
        .split('\n')
        .filter(Boolean).length
    : 0;
  const login = (command: string) =>
    spawnSync('sh', ['-c', `. ${join(root, DATA_LAKE_PROFILE)}; ${command}`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
  const state = (name: string) =>
    existsSync(join(root, 'state', name)) ? readFileSync(join(root, 'state', name), 'utf8').trim() : undefined;
  const result = {
    gcsfuseArgs: state('gcsfuse-args'),
    useradd: state('useradd-calls'),
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    calls,
    mountDir,
    mountMode: statSync(mountDir).mode & 0o777,
    envFile: existsSync(envFile) ? readFileSync(envFile, 'utf8') : undefined,
    login,
  };
  return { result, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

describe('TPU startup script, run in a scratch root', () => {
  const runs: (() => void)[] = [];
  afterAll(() => runs.forEach((cleanup) => cleanup()));
  const run = (options: Parameters<typeof boot>[0]) => {
    const { result, cleanup } = boot(options);
    runs.push(cleanup);
    return result;
  };

  it('keeps trying to mount for about 15 minutes', () => {
    expect(SETUP_RETRY.tries * SETUP_RETRY.delaySeconds).toBeGreaterThanOrEqual(15 * 60);
  });

  describe('when the bucket never mounts (e.g. its IAM grant has not propagated)', () => {
    const r = run({ staleEnvFile: true });

    it(`fails after ${SETUP_RETRY.tries} tries, saying why`, () => {
      expect(r.status).toBe(1);
      expect(r.calls).toBe(SETUP_RETRY.tries);
      expect(r.stderr).toContain(`ERROR: could not mount gs://lake at ${r.mountDir} after ${SETUP_RETRY.tries} tries`);
    });

    it('leaves the mount folder locked (mode 000) and writes no data lake paths, removing those of an earlier boot', () => {
      expect(r.mountMode).toBe(0);
      expect(r.envFile).toBeUndefined();
    });

    it('tells a login shell that the data lake is not mounted, without breaking it', () => {
      const shell = r.login('echo "CHECKPOINT_DIR=[$CHECKPOINT_DIR]"');
      expect(shell.status).toBe(0);
      expect(shell.stdout).toBe('CHECKPOINT_DIR=[]\n');
      expect(shell.stderr).toContain(`data lake: not mounted at ${r.mountDir}`);
    });
  });

  describe('when the mount works on the third try', () => {
    const r = run({ succeedOn: 3 });

    it('mounts, then writes the paths for training code', () => {
      expect(r.status).toBe(0);
      expect(r.calls).toBe(3);
      expect(r.stdout).toContain('attempt 2 of 30 failed');
      expect(r.envFile).toContain(`DATA_LAKE_MOUNT=${r.mountDir}\n`);
      expect(r.envFile).toContain(`CHECKPOINT_DIR=${r.mountDir}/checkpoints\n`);
      expect(r.envFile).toContain('CHECKPOINT_URI=gs://lake/checkpoints\n');
    });

    it('mounts for the training user only: its uid and gid, files 0640, folders 0750 (not world-writable)', () => {
      expect(r.useradd).toBe(`--system --create-home --home-dir ${TRAINING_HOME} --shell /bin/bash ${TRAINING_USER}`);
      expect(r.gcsfuseArgs).toContain('--uid 1234 --gid 1234 --file-mode 640 --dir-mode 750 -o allow_other lake ');
      expect(r.gcsfuseArgs).not.toMatch(/666|777/);
      expect(DATA_LAKE_MOUNT_MODES).toEqual({ file: '640', dir: '750' });
    });

    it('gives login shells the paths', () => {
      const shell = r.login('echo "$CHECKPOINT_DIR"');
      expect(shell.stdout).toBe(`${r.mountDir}/checkpoints\n`);
      expect(shell.stderr).toBe('');
    });
  });

  describe('when the bucket is already mounted (the script runs again)', () => {
    const r = run({ mountedAlready: true, userExists: true });

    it('keeps the training user it made at the first boot', () => {
      expect(r.useradd).toBeUndefined();
    });

    it('does not mount again nor touch the mounted folder, and writes the paths', () => {
      expect(r.status).toBe(0);
      expect(r.calls).toBe(0);
      expect(r.mountMode).toBe(0o755);
      expect(r.envFile).toContain(`PROCESSED_DATA_DIR=${r.mountDir}/processed-data\n`);
    });
  });
});
