import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ShellEnv } from '../src/config';
import { synthesizeStacks } from '../stacks/synthesize';

/** What `npm run synth` does: synthesizes, and gives the environments written. */
const synthesize = (shell: ShellEnv, outdir: string): string[] => synthesizeStacks(shell, outdir).stacks;

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('synthesis', () => {
  const root = mkdtempSync(join(tmpdir(), 'synth-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // synth creates the output folder, not the folders above it.
  for (const dir of ['a', 'b', 'one', 'cli']) mkdirSync(join(root, dir));
  /** A full synth into a/, made once (the first test checks it; the last starts from a copy of it). */
  const a = join(root, 'a', 'cdktf.out');
  let full: string[] | undefined;
  const fullSynth = () => (full ??= synthesize({}, a));

  it('writes byte-identical output twice, free of the output path', () => {
    const b = join(root, 'b', 'cdktf.out');
    expect(fullSynth()).toEqual(['dev', 'staging', 'prod']);
    synthesize({}, b);
    const ta = tree(a);
    expect(Object.keys(ta)).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'stacks/dev/cdk.tf.json',
        'stacks/staging/cdk.tf.json',
        'stacks/prod/cdk.tf.json',
      ]),
    );
    expect(tree(b)).toEqual(ta);
    for (const text of Object.values(ta)) expect(text).not.toContain(root);
  });

  it('synthesizes one environment with ENVIRONMENT', () => {
    const out = join(root, 'one', 'cdktf.out');
    expect(synthesize({ ENVIRONMENT: 'prod' }, out)).toEqual(['prod']);
    expect(readdirSync(join(out, 'stacks'))).toEqual(['prod']);
  });

  it("with ENVIRONMENT replaces only what synth writes in that stack's folder, and lists every stack kept in the manifest", () => {
    const out = join(root, 'cli', 'cdktf.out');
    // A full synth's output, as `synthesize({}, out)` writes it (the first test: byte-identical, free of the path).
    fullSynth();
    cpSync(a, out, { recursive: true });
    const kept = join(out, 'stacks', 'staging', 'marker');
    writeFileSync(kept, 'left alone');
    const plan = join(out, 'stacks', 'dev', 'plan');
    writeFileSync(plan, 'written by terraform');
    const stale = join(out, 'stacks', 'dev', 'cdk.tf');
    writeFileSync(stale, 'an older --hcl synth');
    synthesize({ ENVIRONMENT: 'dev' }, out);
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['dev', 'prod', 'staging']);
    expect(readFileSync(kept, 'utf8')).toBe('left alone');
    expect(readFileSync(plan, 'utf8')).toBe('written by terraform');
    expect(readdirSync(join(out, 'stacks', 'dev')).sort()).toEqual(['assets', 'cdk.tf.json', 'plan']);
    // The cdktf CLI removes every folder of stacks/ its manifest does not list: none here.
    const listed = Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).stacks);
    expect(listed).toEqual(['dev', 'prod', 'staging']);
    expect(readdirSync(join(out, 'stacks')).filter((d) => !listed.includes(d))).toEqual([]);
  });
});
