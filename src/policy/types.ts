import type { Resource, TerraformDocument } from './terraform';

export type Level = 'error' | 'warning';

/** What a rule found wrong with one resource. */
export interface Violation {
  readonly resource: Resource;
  /** Why it is a problem, naming the attribute and its value. */
  readonly reason: string;
  /** What to change. */
  readonly fix: string;
}

export interface Rule {
  /** This project's id, e.g. `TPU-GCS-001`. */
  readonly id: string;
  /** The checkov id(s) of the same control, where one exists. */
  readonly checkov?: string;
  /** How the checkov control differs (e.g. it covers compute instances only). */
  readonly checkovNote?: string;
  readonly level: Level;
  /** One line, for the README table. */
  readonly title: string;
  check(doc: TerraformDocument): Violation[];
}

/** A suppression as it travels in Terraform JSON, under a resource's (or the file's) `"//"`. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

export interface Finding {
  readonly rule: string;
  readonly level: Level;
  readonly checkov?: string;
  readonly address: string;
  readonly constructPath?: string;
  readonly reason: string;
  readonly fix: string;
  /** Set when a suppression with a reason covers this finding. */
  readonly suppressedBecause?: string;
}

export interface PolicyReport {
  readonly findings: readonly Finding[];
  /** Suppressions that were refused (no reason, unknown rule): each is an error. */
  readonly problems: readonly string[];
}

/** Error-level findings that no suppression covers, plus refused suppressions. */
export function failures(report: PolicyReport): number {
  return report.findings.filter((f) => f.level === 'error' && !f.suppressedBecause).length + report.problems.length;
}
