import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * The layer rules, read from the import graph of every TypeScript file git knows (type-only imports
 * and re-exports included): what each layer may import, and no cycles. See CONTRIBUTING.md.
 */
const ROOT = join(__dirname, '..');

/** Layers, by path prefix (longest match wins), and the layers each may import. */
const LAYERS: Readonly<Record<string, readonly string[]>> = {
  'src/catalog/': [],
  'src/toolchain/': ['src/catalog/'],
  'src/core/': ['src/catalog/', 'src/toolchain/'],
  'src/config/': ['src/catalog/', 'src/core/', 'constructs/'],
  'src/policy/': ['src/catalog/', 'src/core/', 'src/toolchain/'],
  'constructs/': ['src/catalog/', 'src/core/', 'src/toolchain/', 'src/jobs/'],
  'stacks/': ['src/catalog/', 'src/core/', 'src/toolchain/', 'src/config/', 'src/policy/', 'constructs/'],
  'src/tools/': ['src/catalog/', 'src/core/', 'src/toolchain/', 'src/config/', 'src/policy/', 'constructs/', 'stacks/'],
  'main.ts': ['src/core/', 'src/policy/', 'src/tools/', 'stacks/'],
  'bootstrap.ts': ['src/config/', 'src/tools/', 'stacks/'],
};

function layerOf(file: string): string | undefined {
  return Object.keys(LAYERS)
    .filter((prefix) => file === prefix || file.startsWith(prefix))
    .sort((a, b) => b.length - a.length)[0];
}

function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((f) => f && !f.startsWith('test/') && f !== 'jest.config.ts' && existsSync(join(ROOT, f)));
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = normalize(join(dirname(from), spec));
  return [`${base}.ts`, join(base, 'index.ts'), base].find((c) => existsSync(join(ROOT, c)));
}

/** Every project file each file imports (static imports, `import type`, `export ... from`, require). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = info.importedFiles
      .map((i) => resolveImport(file, i.fileName))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets.map((t) => relative(ROOT, join(ROOT, t))))]);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

const files = sourceFiles();
const graph = importGraph(files);

describe('layer rules (import graph)', () => {
  it('reads the whole tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'src/catalog/index.ts', 'stacks/environment-stack.ts']));
  });

  it('puts every source file in a layer', () => {
    expect(files.filter((f) => !f.startsWith('src/jobs/') && layerOf(f) === undefined)).toEqual([]);
  });

  it('lets each layer import only itself and the layers below it', () => {
    const broken: string[] = [];
    for (const [file, targets] of graph) {
      const layer = layerOf(file);
      if (!layer) continue;
      for (const target of targets) {
        const other = layerOf(target);
        if (other === undefined || other === layer) continue;
        if (!LAYERS[layer].includes(other)) broken.push(`${file} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has no import cycles, type-only imports included', () => {
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('finds a cycle and a forbidden import when there is one (the checks can fail)', () => {
    const bad = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts']],
    ]);
    expect(cycles(bad)).toHaveLength(1);
    expect(LAYERS['constructs/']).not.toContain('src/config/');
    expect(LAYERS['constructs/']).not.toContain('stacks/');
    expect(LAYERS['src/catalog/']).toEqual([]);
  });
});
