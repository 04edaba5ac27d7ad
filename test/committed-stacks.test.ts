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
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cachedSynth, committedStack, INPUTS, stacksKey } from './committed-stacks';
import { envConfig, synthEnv } from './helpers';

describe('committedStack (the committed stacks, synthesized once per run for the suites that read them)', () => {
  it('gives exactly what synthEnv gives for the committed configuration', () => {
    const cached = committedStack('staging');
    expect(cached.json).toBe(synthEnv(envConfig('staging')).json);
    expect(cached.tf).toEqual(JSON.parse(cached.json));
    // The same object again within a suite.
    expect(committedStack('staging')).toBe(cached);
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
