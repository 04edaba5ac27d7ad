import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App } from 'cdktf';
import { ENVIRONMENT_NAMES } from '../src/config';
import { hashTree } from './bad-input';
import { cachedSynth, committedStack, INPUTS, stacksKey } from './committed-stacks';
import { synthWorkload } from './delivery-helpers';
import { workloadStack } from './fixtures/workload';
import { removeAbandonedStackFolders } from './global-setup';
import globalTeardown from './global-teardown';
import { envConfig, synthEnv } from './helpers';

describe('committedStack and synthWorkload (synthesized once per run for the suites that read them)', () => {
  it.each(ENVIRONMENT_NAMES.map((n) => [n]))('give exactly what synthEnv gives for the committed %s', (name) => {
    const cached = committedStack(name);
    expect(cached.json).toBe(synthEnv(envConfig(name)).json);
    expect(cached.tf).toEqual(JSON.parse(cached.json));
    // The same object again within a suite.
    expect(committedStack(name)).toBe(cached);
  });

  it('give the workload fixture folder exactly as a synth of it writes it (the JSON and the assets)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'workload-fresh-'));
    try {
      const app = new App({ outdir: fresh });
      workloadStack(app);
      app.synth();
      expect(hashTree(synthWorkload().stackDir)).toEqual(hashTree(join(fresh, 'stacks', 'dev')));
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it("keep them in this run's folder, which the global teardown removes", () => {
    const runDir = process.env.TEST_STACKS_DIR;
    // Named for the Jest process, so that a later run can tell an abandoned folder (see below).
    expect(runDir).toMatch(new RegExp(`^${tmpdir()}/test-stacks-\\d+-`));
    expect(dirname(dirname(synthWorkload().stackDir.replace(/\/stacks\/dev$/, '')))).toBe(runDir);
    const other = mkdtempSync(join(tmpdir(), 'test-stacks-'));
    writeFileSync(join(other, 'x.json'), '{}');
    const saved = process.env.TEST_STACKS_DIR;
    try {
      process.env.TEST_STACKS_DIR = other;
      globalTeardown();
    } finally {
      process.env.TEST_STACKS_DIR = saved;
    }
    expect(existsSync(other)).toBe(false);
    expect(existsSync(runDir!)).toBe(true);
  });
});

describe('the global setup', () => {
  it('removes the folders of runs whose process is gone (stopped before their teardown), and no other', () => {
    const parent = mkdtempSync(join(tmpdir(), 'abandoned-'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const name of [`test-stacks-${gone}-a`, `test-stacks-${process.pid}-b`, 'test-stacks-c', 'other-1-d'])
      mkdirSync(join(parent, name));
    try {
      removeAbandonedStackFolders(parent);
      expect(readdirSync(parent).sort()).toEqual(['other-1-d', `test-stacks-${process.pid}-b`, 'test-stacks-c'].sort());
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('cachedSynth', () => {
  const name = `cached-synth-test-${process.pid}`;
  let dir: string | undefined;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('makes a folder once per key and hands the whole folder to every later caller', () => {
    const make = jest.fn((into: string) => {
      expect(readdirSync(into)).toEqual([]);
      writeFileSync(join(into, 'cdk.tf.json'), '{}');
    });
    dir = cachedSynth(name, make);
    expect(cachedSynth(name, make)).toBe(dir);
    expect(make).toHaveBeenCalledTimes(1);
    expect(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')).toBe('{}');
    // Only the finished folder is left, under its name.
    expect(readdirSync(dirname(dir)).filter((f) => f.startsWith(`${name}.`))).toEqual([]);
  });

  it('leaves nothing under the name when making it fails', () => {
    const failing = `${name}-failing`;
    expect(() =>
      cachedSynth(failing, () => {
        throw new Error('synth failed');
      }),
    ).toThrow('synth failed');
    expect(existsSync(join(dirname(dir!), failing))).toBe(false);
    expect(readdirSync(dirname(dir!)).filter((f) => f.startsWith(failing))).toEqual([]);
  });
});

describe('stacksKey', () => {
  const root = mkdtempSync(join(tmpdir(), 'stacks-key-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('src/config/environments.ts', 'export const dev = {};');
  write('constructs/tpu/index.ts', 'export {};');
  write('package-lock.json', '{}');

  it('is stable while nothing changes', () => {
    expect(stacksKey(root)).toBe(stacksKey(root));
    expect(stacksKey(root)).toMatch(/^[0-9a-f]{24}$/);
  });

  it.each(INPUTS.map((input) => [input]))('changes when a file in %s changes', (input) => {
    const before = stacksKey(root);
    const file = input.includes('.') ? input : `${input}/changed.ts`;
    write(file, `// ${input}`);
    expect(stacksKey(root)).not.toBe(before);
    const edited = stacksKey(root);
    write(file, `// ${input} again`);
    expect(stacksKey(root)).not.toBe(edited);
  });

  it('changes when a file is renamed, with the same bytes', () => {
    const before = stacksKey(root);
    renameSync(join(root, 'constructs/tpu/index.ts'), join(root, 'constructs/tpu/node.ts'));
    expect(stacksKey(root)).not.toBe(before);
  });

  it('changes with a variable cdktf reads (CDKTF_CONTEXT_JSON), not with others', () => {
    const env = { PATH: '/usr/bin' };
    const before = stacksKey(root, env);
    expect(stacksKey(root, { ...env, CDKTF_CONTEXT_JSON: '{"x":1}' })).not.toBe(before);
    expect(stacksKey(root, { ...env, SYNTH_HCL_OUTPUT: 'true' })).not.toBe(before);
    expect(stacksKey(root, { ...env, HOME: '/root' })).toBe(before);
  });

  it('ignores what no synth reads (the tests, the docs)', () => {
    const before = stacksKey(root);
    write('docs/tpu.md', '# TPU');
    write('test/tpu-node.spec.ts', 'it.todo("x");');
    expect(stacksKey(root)).toBe(before);
  });
});
