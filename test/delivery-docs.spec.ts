import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Testing } from 'cdktf';
import { CI_TERRAFORM_VERSION, deployerRoleFor } from '../src/catalog';
import { ENVIRONMENT_NAMES, loadEnvironments } from '../src/config';
import { deployerRoles, gcloudApplyCommand, reviewerRoles } from '../src/tools/delivery/infra-manager';
import { SUMMARY_MARKER } from '../src/tools/delivery/plan-summary';
import { BootstrapStack } from '../stacks/bootstrap-stack';
import { ROOT, synthWorkload } from './delivery-helpers';
import { committedStack } from './committed-stacks';
import { allResources, envConfig, TerraformJson } from './helpers';

const yaml = require('js-yaml') as { safeLoad(text: string): unknown };

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const delivery = readFileSync(join(ROOT, 'docs', 'delivery.md'), 'utf8');

describe('docs/delivery.md', () => {
  it('exists, and the README section Delivery links to it', () => {
    expect(delivery).toMatch(/^# Delivery\n/);
    expect(readme).toContain('\n## Delivery\n');
    const section = readme.slice(readme.indexOf('\n## Delivery\n') + 1);
    expect(section.slice(0, section.indexOf('\n## '))).toContain('](docs/delivery.md)');
  });

  it('gives the exact gcloud command the export prints for dev', () => {
    const [dev] = loadEnvironments({ ENVIRONMENT: 'dev' });
    expect(delivery).toContain(gcloudApplyCommand(dev));
  });

  it('grants the infra-manager account exactly the deployer roles of the catalog', () => {
    const loop = delivery.slice(delivery.indexOf('for role in'), delivery.indexOf('; do'));
    expect(loop.match(/roles\/[\w.]+/g)?.sort()).toEqual(deployerRoles().sort());
  });

  it('names every read-only role a reviewer needs', () => {
    for (const role of reviewerRoles()) expect(delivery).toContain(`\`${role}\``);
  });
});

describe('the deployer roles cover every resource type the stacks create', () => {
  const stacks: [string, TerraformJson][] = [
    ...ENVIRONMENT_NAMES.map((n) => [n, committedStack(n).tf] as [string, TerraformJson]),
    ...ENVIRONMENT_NAMES.map(
      (n) =>
        [
          `bootstrap-${n}`,
          JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), envConfig(n), 'cdktf.out/bootstrap'))),
        ] as [string, TerraformJson],
    ),
    ['workload fixture', synthWorkload().tf as TerraformJson],
    [
      'hand-made fixture',
      JSON.parse(readFileSync(join(__dirname, 'fixtures', 'stack-with-assets', 'cdk.tf.json'), 'utf8')),
    ],
  ];
  it.each(stacks)('%s', (_name, tf) => {
    const uncovered = [...new Set(allResources(tf).map(([type]) => type))].filter((type) => !deployerRoleFor(type));
    expect(uncovered).toEqual([]);
  });

  it('picks the most specific prefix', () => {
    expect(deployerRoleFor('google_compute_firewall')?.role).toBe('roles/compute.securityAdmin');
    expect(deployerRoleFor('google_service_account_iam_member')?.role).toBe('roles/iam.serviceAccountAdmin');
    expect(deployerRoleFor('google_bigtable_instance')).toBeUndefined();
  });

  it('covers the types of other providers too: time_sleep needs no role, and adds none to the deployer', () => {
    expect(deployerRoleFor('time_sleep')).toMatchObject({ role: '(none)', viewer: [] });
    expect(deployerRoleFor('random_id')).toBeUndefined();
    expect(deployerRoles()).not.toContain('(none)');
  });
});

describe('.github/workflows/pr.yml', () => {
  const wf = yaml.safeLoad(readFileSync(join(ROOT, '.github', 'workflows', 'pr.yml'), 'utf8')) as any;
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  const runs = (job: string): string[] =>
    wf.jobs[job].steps.filter((s: { run?: string }) => s.run).map((s: { run: string }) => s.run);
  const uses = (job: string, action: string) =>
    wf.jobs[job].steps.find((s: { uses?: string }) => s.uses?.startsWith(action));

  it('runs on pull requests: install, typecheck, test, synth', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(runs('test')).toEqual(['npm ci --no-audit --no-fund', 'npm run typecheck', 'npm test', 'npm run synth']);
  });

  it('plans with Workload Identity Federation from repository variables, same-repository pull requests only', () => {
    expect(wf.jobs.plan.needs).toBe('test');
    expect(wf.jobs.plan.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(wf.jobs.plan.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    expect(uses('plan', 'google-github-actions/auth@').with).toEqual({
      workload_identity_provider: '${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}',
      service_account: '${{ vars.GCP_PLAN_SERVICE_ACCOUNT }}',
    });
    expect(uses('plan', 'hashicorp/setup-terraform@').with).toEqual({
      terraform_version: CI_TERRAFORM_VERSION,
      terraform_wrapper: false,
    });
  });

  it('diffs every environment, saves each plan as JSON and summarizes them all', () => {
    const diff = runs('plan').find((r) => r.includes('npm run diff')) as string;
    expect(diff).toContain(`for env in ${ENVIRONMENT_NAMES.join(' ')}; do`);
    expect(diff).toContain('terraform -chdir="cdktf.out/stacks/$env" show -json plan > "plans/plan-$env.json"');
    const summary = runs('plan').find((r) => r.includes('plan-summary')) as string;
    for (const env of ENVIRONMENT_NAMES) expect(summary).toContain(`plans/plan-${env}.json`);
    expect(uses('plan', 'actions/github-script@').with.script).toContain(SUMMARY_MARKER);
  });

  it('uses only npm scripts that exist', () => {
    const used = Object.keys(wf.jobs)
      .flatMap(runs)
      .flatMap((r) => [...r.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(3);
    for (const script of used) expect(scripts).toHaveProperty([script]);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Markdown outside fenced code blocks. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The anchors of a Markdown file's headings, with GitHub's `-1`, `-2` for repeats. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = anchorOf(text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  return anchors;
}

/** Every relative link of `file` (a path from ROOT) whose file or heading anchor does not exist. */
function brokenLinks(file: string, markdown: string, root = ROOT): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, (code) => (code.includes('](') ? '``' : code));
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path, anchor] = target.split('#');
    const resolved = path ? join(dirname(file), path) : file;
    if (path && !existsSync(join(root, resolved))) {
      broken.push(`${file}: ${target} (no ${resolved})`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md')) {
      const own = resolved === file ? markdown : readFileSync(join(root, resolved), 'utf8');
      if (!anchorsOf(own).has(anchor)) broken.push(`${file}: ${target} (no heading #${anchor} in ${resolved})`);
    }
  }
  return broken;
}

describe('relative links in README.md, CONTRIBUTING.md and docs/*.md', () => {
  const pages = [
    'README.md',
    'CONTRIBUTING.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];

  it('covers every docs page', () => {
    expect(pages).toEqual(
      expect.arrayContaining(['docs/delivery.md', 'docs/policy-and-cost.md', 'docs/data-lake-and-network.md']),
    );
  });

  it.each(pages)('%s points only at files and headings that exist', (page) => {
    expect(brokenLinks(page, readFileSync(join(ROOT, page), 'utf8'))).toEqual([]);
  });

  it('finds a missing file and a missing heading (the check can fail)', () => {
    const page =
      '# Title\n\n## A `code` heading: yes\n\n[ok](#a-code-heading-yes) [ok](#title) [web](https://example.com)\n';
    expect(brokenLinks('docs/x.md', page)).toEqual([]);
    expect(
      brokenLinks('docs/x.md', `${page}[gone](../constructs/network.ts) [x](delivery.md#no-such-heading)\n`),
    ).toEqual([
      'docs/x.md: ../constructs/network.ts (no constructs/network.ts)',
      'docs/x.md: delivery.md#no-such-heading (no heading #no-such-heading in docs/delivery.md)',
    ]);
    expect(brokenLinks('docs/x.md', '```sh\n[not a link](nowhere.md)\n```\n')).toEqual([]);
  });
});
