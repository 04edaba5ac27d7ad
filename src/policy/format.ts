import { Finding, PolicyReport } from './types';

/** One line per finding: `<level>: <RULE> <address> (<construct path>): <reason>; fix: <fix> [<checkov>]`. */
export function findingLine(f: Finding, scope = ''): string {
  const where = `${scope}${f.rule} ${f.address}${f.constructPath ? ` (${f.constructPath})` : ''}`;
  if (f.suppressedBecause) return `suppressed: ${where}: ${f.reason}; suppressed because: ${f.suppressedBecause}`;
  return `${f.level}: ${where}: ${f.reason}; fix: ${f.fix}${f.checkov ? ` [${f.checkov}]` : ''}`;
}

/** Errors first (refused suppressions among them), then warnings, then suppressed findings. */
export function reportLines(report: PolicyReport, scope = ''): string[] {
  const open = report.findings.filter((f) => !f.suppressedBecause);
  return [
    ...open.filter((f) => f.level === 'error').map((f) => findingLine(f, scope)),
    ...report.problems.map((p) => `error: ${scope}${p}`),
    ...open.filter((f) => f.level === 'warning').map((f) => findingLine(f, scope)),
    ...report.findings.filter((f) => f.suppressedBecause).map((f) => findingLine(f, scope)),
  ];
}

/** `2 errors, 1 warning, 1 suppressed`. */
export function summary(report: PolicyReport): string {
  const open = report.findings.filter((f) => !f.suppressedBecause);
  const errors = open.filter((f) => f.level === 'error').length + report.problems.length;
  const warnings = open.length - open.filter((f) => f.level === 'error').length;
  const suppressed = report.findings.length - open.length;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${n(errors, 'error')}, ${n(warnings, 'warning')}, ${suppressed} suppressed`;
}
