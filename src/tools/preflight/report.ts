/**
 * One row per check: what the stack needs (`wanted`), what the project has (`found`) and the verdict.
 * `BLOCKER`: a deploy or the first training run would fail; `warn`: a reviewer should look (or the
 * check could not read what it needs); `ok`: nothing to do.
 */

export const VERDICTS = ['ok', 'warn', 'BLOCKER'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Row {
  readonly check: string;
  readonly wanted: string;
  readonly found: string;
  readonly verdict: Verdict;
}

export interface PreflightReport {
  readonly environment: string;
  readonly projectId: string;
  readonly zone: string;
  readonly rows: readonly Row[];
}

export function count(report: PreflightReport, verdict: Verdict): number {
  return report.rows.filter((r) => r.verdict === verdict).length;
}

export function hasBlocker(report: PreflightReport): boolean {
  return count(report, 'BLOCKER') > 0;
}

/** A table cell: pipes escaped, line breaks flattened (values from Google are already `shown`). */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function toMarkdown(report: PreflightReport): string {
  const blockers = count(report, 'BLOCKER');
  const warnings = count(report, 'warn');
  const summary =
    blockers === 0 && warnings === 0
      ? 'nothing in the way'
      : [blockers && `${blockers} BLOCKER${blockers > 1 ? 's' : ''}`, warnings && `${warnings} warn`]
          .filter(Boolean)
          .join(', ');
  return [
    `**Preflight ${report.environment}** (project \`${report.projectId}\`, zone \`${report.zone}\`): ${summary}`,
    '',
    '| check | wanted | found | verdict |',
    '|---|---|---|---|',
    ...report.rows.map((r) => `| ${cell(r.check)} | ${cell(r.wanted)} | ${cell(r.found)} | ${r.verdict} |`),
    '',
  ].join('\n');
}

export function toJson(report: PreflightReport): string {
  return `${JSON.stringify({ ...report, blockers: count(report, 'BLOCKER'), warnings: count(report, 'warn') }, null, 2)}\n`;
}
