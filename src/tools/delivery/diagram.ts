import { interpolations } from './expressions';

/**
 * A Mermaid flowchart of a synthesized stack: one node per resource and data source, grouped in
 * (nested) subgraphs by the construct that made it (the cdktf metadata path in each element's `//`,
 * which the real synth keeps and Testing.synth drops), and an arrow from each element to those that
 * refer to it. Generated from the JSON only, so it cannot drift from what is deployed.
 *
 * Three simplifications keep it readable: the APIs a construct enables (`google_project_service`) are
 * one node, and the `depends_on` edges every resource has on its API are left out; the IAM grants a
 * construct makes (`*_iam_member`) are one node listing their roles, with the arrows of all of them;
 * other `depends_on` edges are dotted.
 */
interface Element {
  readonly address: string;
  readonly type: string;
  /** Construct path below the stack, e.g. ['data-lake', 'bucket']. */
  readonly path: readonly string[];
  readonly body: Record<string, unknown>;
}

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** Element types drawn as one node per construct: the node's id prefix, per type. */
type Collapsed = 'apis' | 'iam';

function collapsedAs(e: Pick<Element, 'address' | 'type'>): Collapsed | undefined {
  if (e.type === 'google_project_service') return 'apis';
  if (e.type.endsWith('_iam_member') && !e.address.startsWith('data.')) return 'iam';
  return undefined;
}

function elementsOf(tf: Record<string, unknown>): Element[] {
  const out: Element[] = [];
  for (const [prefix, blocks] of [
    ['', tf.resource],
    ['data.', tf.data],
  ] as const) {
    for (const [type, byName] of Object.entries((blocks as Blocks | undefined) ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const meta = (body['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
        const path = meta?.path ? meta.path.split('/').slice(1) : [name];
        out.push({ address: `${prefix}${type}.${name}`, type, path, body });
      }
    }
  }
  return out.sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')) || a.address.localeCompare(b.address));
}

function id(prefix: string, text: string): string {
  return `${prefix}_${text.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

function label(parts: string[]): string {
  return `["${parts.join('<br/>').replace(/"/g, '#quot;')}"]`;
}

/** Node id per element address (collapsed elements share their group's node). */
function nodeIds(elements: readonly Element[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const e of elements) {
    const group = e.path.slice(0, -1).join('/');
    const collapsed = collapsedAs(e);
    ids.set(e.address, collapsed ? id(collapsed, group || 'stack') : id('n', e.address));
  }
  return ids;
}

function toggleOf(e: Element): string | undefined {
  const count = e.body.count;
  if (typeof count !== 'string') return undefined;
  const m = /var\.([a-z_][a-z0-9_]*)/.exec(count);
  return m ? `if ${m[1]}` : `count: ${count.replace(/^\$\{|\}$/g, '')}`;
}

/** The addresses (`type.name`, `data.type.name`) an expression string refers to, in order of appearance. */
function referencesIn(text: string): string[] {
  const addressPattern = /(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)/g;
  return interpolations(text).flatMap((code) => [...code.matchAll(addressPattern)].map((m) => m[1]));
}

/** A role as shown: `roles/x` as `x`; a reference to a custom role as that role's name in the stack. */
function roleName(role: unknown, elements: readonly Element[]): string {
  const text = String(role);
  if (!text.includes('${')) return text.replace(/^roles\//, '');
  const refs = referencesIn(text);
  const target = elements.find((x) => refs.includes(x.address));
  return target ? `custom ${target.path[target.path.length - 1]}` : text.replace(/^\$\{|\}$/g, '');
}

/** The label of a construct's grants: how many, their types, their distinct roles, and their toggle. */
function grantsLabel(grants: readonly Element[], elements: readonly Element[]): string[] {
  const types = [...new Set(grants.map((g) => g.type))].sort();
  const roles = [...new Set(grants.map((g) => roleName(g.body.role, elements)))].sort();
  const toggles = [...new Set(grants.map(toggleOf))];
  const shown = toggles.filter((t): t is string => t !== undefined).sort();
  // One toggle for all: "if enable_x"; toggles for some only: "some if enable_x" each.
  const marker = toggles.length === 1 ? shown : shown.map((t) => `some ${t}`);
  return [
    `${grants.length} IAM grant${grants.length === 1 ? '' : 's'}`,
    `<i>${types.join(', ')}</i>`,
    roles.join(', '),
    ...marker,
  ];
}

function edgesOf(elements: readonly Element[], ids: Map<string, string>): string[] {
  const edges = new Set<string>();
  for (const e of elements) {
    const to = ids.get(e.address) as string;
    const refs = new Set<string>();
    const walk = (value: unknown, key = ''): void => {
      if (key === '//' || key === 'depends_on') return;
      if (typeof value === 'string') {
        for (const ref of referencesIn(value)) refs.add(ref);
      } else if (Array.isArray(value)) value.forEach((v) => walk(v));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(e.body);
    for (const ref of [...refs].sort()) {
      const from = ids.get(ref);
      if (from && from !== to) edges.add(`  ${from} --> ${to}`);
    }
    for (const dep of ((e.body.depends_on as string[] | undefined) ?? []).slice().sort()) {
      const target = elements.find((x) => x.address === dep.replace(/^\$\{|\}$/g, ''));
      if (!target || collapsedAs(target) === 'apis') continue;
      const from = ids.get(target.address) as string;
      if (from !== to) edges.add(`  ${from} -.-> ${to}`);
    }
  }
  // A reference says more than a depends_on between the same nodes: keep the solid arrow only.
  return [...edges].filter((edge) => !edge.includes(' -.-> ') || !edges.has(edge.replace(' -.-> ', ' --> ')));
}

interface Group {
  readonly children: Map<string, Group>;
  readonly lines: string[];
}

function newGroup(): Group {
  return { children: new Map(), lines: [] };
}

function render(group: Group, path: string[], indent: string, out: string[]): void {
  out.push(...group.lines.map((l) => `${indent}${l}`));
  for (const [name, child] of [...group.children.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const childPath = [...path, name];
    out.push(`${indent}subgraph ${id('g', childPath.join('/'))}${label([name])}`);
    render(child, childPath, `${indent}  `, out);
    out.push(`${indent}end`);
  }
}

/** The Mermaid flowchart (without the ``` fence) for a synthesized stack's JSON. */
export function mermaidDiagram(tf: Record<string, unknown>): string {
  const elements = elementsOf(tf);
  const ids = nodeIds(elements);
  const root = newGroup();
  const emitted = new Set<string>();
  for (const e of elements) {
    const groupPath = e.path.slice(0, -1);
    let group = root;
    for (const segment of groupPath) {
      if (!group.children.has(segment)) group.children.set(segment, newGroup());
      group = group.children.get(segment) as Group;
    }
    const node = ids.get(e.address) as string;
    if (emitted.has(node)) continue;
    emitted.add(node);
    const collapsed = collapsedAs(e);
    const same = elements.filter((x) => ids.get(x.address) === node);
    if (collapsed === 'apis') {
      const names = same.map((x) =>
        String(x.body.service ?? x.path[x.path.length - 1]).replace(/\.googleapis\.com$/, ''),
      );
      group.lines.push(`${node}${label([`${same.length} APIs`, `<i>${e.type}</i>`, names.join(', ')])}`);
    } else if (collapsed === 'iam') {
      group.lines.push(`${node}${label(grantsLabel(same, elements))}`);
    } else {
      const toggle = toggleOf(e);
      group.lines.push(
        `${node}${label([`<b>${e.path[e.path.length - 1]}</b>`, `<i>${e.address.startsWith('data.') ? 'data ' : ''}${e.type}</i>`, ...(toggle ? [toggle] : [])])}`,
      );
    }
  }
  const out = ['flowchart LR'];
  render(root, [], '  ', out);
  out.push(...edgesOf(elements, ids));
  return out.join('\n');
}

/** `docs/architecture.md`: what the diagram shows, how it was made, and the diagram. */
export function architectureDoc(env: string, tf: Record<string, unknown>): string {
  const elements = elementsOf(tf);
  const constructs = new Set(elements.map((e) => e.path.slice(0, -1).join('/')).filter(Boolean));
  return [
    `# Architecture (${env})`,
    '',
    `Generated by \`npm run diagram -- ${env}\` from the synthesized stack; do not edit by hand.`,
    `Resources and data sources: ${elements.length}; constructs: ${constructs.size}.`,
    '',
    'Each box is a construct; an arrow A → B means B refers to A (dotted: an explicit `depends_on`). The',
    'APIs a construct enables are one node, and each resource’s dependency on its own API is left out.',
    'The IAM grants a construct makes are one node listing their roles, with the arrows of all of them.',
    '"if enable_x" marks a resource that exists only while the Terraform variable `enable_x` is true.',
    '',
    '```mermaid',
    mermaidDiagram(tf),
    '```',
    '',
  ].join('\n');
}
