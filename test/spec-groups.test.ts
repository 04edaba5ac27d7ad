import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why some tests are spec files (`test/*.spec.ts`) that a group suite runs together: every Jest suite
 * gets a module registry and a V8 context of its own, so each suite that builds a stack loaded cdktf,
 * the providers (5.5 MB of generated classes), zod and the stacks afresh, and synthesized its first
 * stack with cold code, about 0.3 s of CPU before its first assertion. The specs of one concern run
 * in one suite and share that load and the warmed-up code; each stays a small file of its own, its
 * tests under a describe block named for it. A test that mocks modules, changes the process (its
 * environment, cwd, signals) or runs a fake server stays a suite of its own.
 *
 * What this checks: no spec is left out of every group (it would never run) or run twice, none
 * hides in a subfolder or declares no test, and each group's blocks are named for the spec they hold.
 * eslint refuses focused tests, which would silence a group's other specs.
 */
const TEST_DIR = __dirname;
const REQUIRE_BLOCK = /^describe\('([\w-]+)', \(\) => \{\n {2}require\('\.\/([\w-]+)\.spec'\);\n\}\);$/gm;

const suites = readdirSync(TEST_DIR).filter((f) => f.endsWith('.test.ts'));
const specs = readdirSync(TEST_DIR)
  .filter((f) => f.endsWith('.spec.ts'))
  .map((f) => f.slice(0, -'.spec.ts'.length));

/** The specs each suite runs, as [block name, spec] pairs. */
const required = new Map(
  suites.map((suite) => {
    const text = readFileSync(join(TEST_DIR, suite), 'utf8');
    return [suite, [...text.matchAll(REQUIRE_BLOCK)].map((m) => [m[1], m[2]] as const)];
  }),
);
const groups = [...required].filter(([, blocks]) => blocks.length > 0);

describe('the spec groups', () => {
  it('run every spec file exactly once', () => {
    const run = groups.flatMap(([, blocks]) => blocks.map(([, spec]) => spec));
    expect([...run].sort()).toEqual([...specs].sort());
    expect(specs.length).toBeGreaterThanOrEqual(40);
  });

  it('find every spec: they all sit in test/ itself, and each declares tests of its own', () => {
    const nested = readdirSync(TEST_DIR, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.spec.ts') && f.includes('/'),
    );
    expect(nested).toEqual([]);
    // A file with no tests fails as a suite of its own; inside a group it would pass unnoticed. This
    // is a text match (a line that starts a test that runs: it( or it.each), not a count of what ran.
    for (const spec of specs) {
      const text = readFileSync(join(TEST_DIR, `${spec}.spec.ts`), 'utf8');
      expect({ spec, declares: /^\s*(it|test)(\.each)?[(`]/m.test(text) }).toEqual({ spec, declares: true });
    }
  });

  it('name each block for the spec it holds', () => {
    for (const [, blocks] of groups) for (const [name, spec] of blocks) expect(name).toBe(spec);
  });

  it('hold nothing but the blocks and their comment', () => {
    for (const [suite, blocks] of groups) {
      const text = readFileSync(join(TEST_DIR, suite), 'utf8');
      const rest = text.replace(REQUIRE_BLOCK, '').replace(/^\/\*\*[\s\S]*?\*\/\n/, '');
      expect({ suite, rest: rest.trim() }).toEqual({ suite, rest: '' });
      expect(blocks.length).toBeGreaterThan(1);
    }
  });

  it('are required by no spec: a spec runs only in its group', () => {
    for (const spec of specs) {
      const text = readFileSync(join(TEST_DIR, `${spec}.spec.ts`), 'utf8');
      expect({ spec, requires: /from '\.\/[\w-]+\.spec'|require\('\.\/[\w-]+\.spec'\)/.test(text) }).toEqual({
        spec,
        requires: false,
      });
    }
  });
});
