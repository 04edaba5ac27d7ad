import { basename } from 'node:path';
import { STATE_BUCKET, STATEFUL_RESOURCE_TYPES } from '../../catalog';
import { ENVIRONMENT_NAMES, ENVIRONMENTS, environmentSchema } from '../../config';
import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';

/**
 * Reads `terraform show -json <plan>` output and summarizes it for a pull request: how many
 * resources are created, updated, replaced and deleted per environment, and a loud warning for each
 * replacement or deletion of a stateful or expensive resource (the catalog's STATEFUL_RESOURCE_TYPES).
 */
export const ACTIONS = ['create', 'update', 'replace', 'delete'] as const;

/** What a plan file is, for problem lines. */
export const PLAN_ALLOWED = 'the output of terraform show -json <planfile>';
export type Action = (typeof ACTIONS)[number];

export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly action: Action;
  /** Terraform's `action_reason`, e.g. `replace_because_cannot_update`. */
  readonly reason?: string;
  /** Attributes that force a replacement (`change.replace_paths`), dotted. */
  readonly forcedBy: readonly string[];
  /** The resource's `name` attribute before the change, when it had one. */
  readonly name?: string;
}

export interface PlanSummary {
  readonly env: string;
  readonly counts: Readonly<Record<Action, number>>;
  readonly changes: readonly PlannedChange[];
  /** Replacements and deletions of stateful or expensive resources. */
  readonly dangers: readonly PlannedChange[];
}

interface ResourceChange {
  address?: string;
  type?: string;
  mode?: string;
  action_reason?: string;
  change?: {
    actions?: string[];
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    replace_paths?: unknown[][];
  };
}

interface PlanJson {
  format_version?: unknown;
  planned_values?: unknown;
  configuration?: unknown;
  values?: unknown;
  errored?: unknown;
  complete?: unknown;
  resource_changes?: ResourceChange[];
}

interface PlanConfiguration {
  provider_config?: Record<string, { expressions?: Record<string, { constant_value?: unknown }> }>;
}

function actionOf(actions: readonly string[] = []): Action | undefined {
  const set = new Set(actions);
  if (set.has('create') && set.has('delete')) return 'replace';
  if (set.has('create')) return 'create';
  if (set.has('update')) return 'update';
  if (set.has('delete')) return 'delete';
  return undefined; // no-op, read, forget
}

/** Summarizes one plan. `file` names the environment when the plan itself does not. */
export function summarizePlan(json: unknown, file: string): PlanSummary {
  const plan = json as PlanJson;
  if (
    !plan ||
    typeof plan !== 'object' ||
    typeof plan.format_version !== 'string' ||
    (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes))
  ) {
    throw new InputError([`file=${shown(file)}: not a plan; allowed: ${PLAN_ALLOWED}`]);
  }
  const refuse = (problem: string, allowed = PLAN_ALLOWED) =>
    new InputError([`file=${shown(file)}: ${problem}; allowed: ${allowed}`]);
  // `terraform show -json` without a plan file prints the state: no changes in it, but not "no changes".
  if (plan.planned_values === undefined && plan.configuration === undefined && plan.resource_changes === undefined)
    throw refuse('is a Terraform state (terraform show -json without a plan file), not a plan');
  if (plan.errored === true)
    throw refuse(
      'the plan errored (errored: true), so it can leave changes out',
      'a plan that terraform plan finished',
    );
  if (plan.complete === false)
    throw refuse(
      'the plan is not complete (complete: false: Terraform deferred some changes), so it leaves changes out',
      'a complete plan',
    );
  const changes: PlannedChange[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === 'data') continue;
    const action = actionOf(rc.change?.actions);
    if (!action || !rc.address || !rc.type) continue;
    const before = rc.change?.before ?? undefined;
    changes.push({
      address: rc.address,
      type: rc.type,
      action,
      reason: rc.action_reason,
      forcedBy: (rc.change?.replace_paths ?? []).map((p) => p.join('.')),
      name: typeof before?.name === 'string' ? before.name : undefined,
    });
  }
  const counts = Object.fromEntries(ACTIONS.map((a) => [a, changes.filter((c) => c.action === a).length])) as Record<
    Action,
    number
  >;
  const dangers = changes.filter(
    (c) => (c.action === 'replace' || c.action === 'delete') && STATEFUL_RESOURCE_TYPES[c.type],
  );
  return { env: planEnvironment(plan, file), counts, changes, dangers };
}

/** The environment: the providers' `default_labels.environment`, else a labelled resource, else the file name. */
export function planEnvironment(json: unknown, file: string): string {
  const plan = json as PlanJson;
  for (const provider of Object.values((plan.configuration as PlanConfiguration | undefined)?.provider_config ?? {})) {
    const labels = provider.expressions?.default_labels?.constant_value as Record<string, unknown> | undefined;
    if (typeof labels?.environment === 'string') return labels.environment;
  }
  for (const rc of plan.resource_changes ?? []) {
    for (const side of [rc.change?.after, rc.change?.before]) {
      const labels = (side?.labels ?? side?.terraform_labels) as Record<string, unknown> | undefined;
      if (typeof labels?.environment === 'string') return labels.environment;
    }
  }
  const name = basename(file);
  return (
    ENVIRONMENT_NAMES.find((e) => new RegExp(`(^|[^a-z])${e}([^a-z]|$)`).test(file)) ?? name.replace(/\.json$/, '')
  );
}

// The committed environments as validated (bucket names derived from the project id where not set).
const COMMITTED = Object.values(ENVIRONMENTS).map((e) => environmentSchema.parse(e));
const STATE_BUCKETS = new Set(COMMITTED.map((e) => e.stateBackend.bucket));
const DATA_BUCKETS = new Set(COMMITTED.map((e) => e.bucket.name));

/** What the resource is and what would be lost; buckets are told apart by their committed names. */
function describe(c: PlannedChange): { what: string; loss: string } {
  const fact = STATEFUL_RESOURCE_TYPES[c.type];
  if (c.type === 'google_storage_bucket' && c.name && STATE_BUCKETS.has(c.name))
    return { what: 'the Terraform state bucket', loss: STATE_BUCKET.loss };
  if (c.type === 'google_storage_bucket' && c.name && DATA_BUCKETS.has(c.name))
    return { what: 'the data lake bucket', loss: `${fact.loss}: datasets, checkpoints, models` };
  return fact;
}

function dangerLine(env: string, c: PlannedChange): string {
  const { what, loss } = describe(c);
  const verb = c.action === 'replace' ? 'REPLACED (destroyed and created again)' : 'DELETED';
  const forced = c.forcedBy.length ? ` Forced by: ${c.forcedBy.map((p) => `\`${p}\``).join(', ')}.` : '';
  return `> **${env}: \`${c.address}\` (${what}) will be ${verb}.** Lost: ${loss}.${forced}`;
}

/**
 * One line per plan of an environment already summarized: two plans of one environment give two
 * rows of the table and no warning, so one of them is the wrong file.
 */
export function repeatedEnvironments(summaries: readonly { file: string; summary: PlanSummary }[]): string[] {
  const first = new Map<string, string>();
  const lines: string[] = [];
  for (const { file, summary } of summaries) {
    const earlier = first.get(summary.env);
    if (earlier === undefined) first.set(summary.env, file);
    else
      lines.push(
        `file=${shown(file)}: a second plan of ${shown(summary.env)} (the first is ${shown(earlier)}); allowed: one plan per environment`,
      );
  }
  return lines;
}

/** The marker the pull-request workflow finds its own comment by. */
export const SUMMARY_MARKER = '<!-- plan-summary -->';

/** One Markdown document for all the plans: a table of counts, warnings first, then the details. */
export function renderSummary(summaries: readonly PlanSummary[]): string {
  const lines = [SUMMARY_MARKER, '## Terraform plan', ''];
  lines.push('| environment | create | update | replace | delete |', '|---|---:|---:|---:|---:|');
  for (const s of summaries) lines.push(`| ${s.env} | ${ACTIONS.map((a) => s.counts[a]).join(' | ')} |`);
  lines.push('');
  const dangers = summaries.flatMap((s) => s.dangers.map((d) => dangerLine(s.env, d)));
  if (dangers.length) {
    lines.push(
      '> [!CAUTION]',
      `> **${dangers.length} stateful or expensive resource(s) would be replaced or deleted.** Check before you merge.`,
      '>',
    );
    lines.push(...dangers.flatMap((d, i) => (i ? ['>', d] : [d])), '');
  }
  for (const s of summaries) {
    if (!s.changes.length) {
      lines.push(`**${s.env}**: no changes.`, '');
      continue;
    }
    lines.push(
      `<details><summary>${s.env}: ${s.changes.length} change(s)</summary>`,
      '',
      '| action | address |',
      '|---|---|',
    );
    for (const c of s.changes) lines.push(`| ${c.action} | \`${c.address}\` |`);
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
