import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { committedStack, INPUTS, stacksKey } from './committed-stacks';
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

  it('ignores what no synth reads (the tests, the docs)', () => {
    const before = stacksKey(root);
    write('docs/tpu.md', '# TPU');
    write('test/tpu-node.test.ts', 'it.todo("x");');
    expect(stacksKey(root)).toBe(before);
  });
});
