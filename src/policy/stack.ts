import { TerraformStack } from 'cdktf';
import { InputError } from '../core/errors';
import { evaluate } from './engine';
import { reportLines, summary } from './format';
import { annotateSuppressions } from './suppress';
import { failures, PolicyReport } from './types';

export interface StackReport {
  readonly stack: string;
  readonly report: PolicyReport;
}

/** Error-level findings at synth: every stack's findings, one line each, no stack trace. */
export class PolicyError extends InputError {
  constructor(
    readonly reports: readonly StackReport[],
    outcome = 'nothing was written',
  ) {
    const failing = reports.filter((r) => failures(r.report) > 0).map((r) => `${r.stack} (${summary(r.report)})`);
    super([`error: policy check failed in ${failing.join(', ')}; ${outcome}`, ...policyLines(reports)]);
    this.name = 'PolicyError';
  }

  /** The lines already carry their level (`error:`, `warning:`, `suppressed:`). */
  override render(): string[] {
    return [...this.problems];
  }
}

/** Every finding of every stack, prefixed with `[stack]`. */
export function policyLines(reports: readonly StackReport[]): string[] {
  return reports.flatMap((r) => reportLines(r.report, `[${r.stack}] `));
}

let collecting: Map<string, StackReport> | undefined;

/**
 * Adds suppressions to a stack's Terraform JSON and runs the policy pack over it. Throws PolicyError
 * on an error-level finding, unless called inside collectPolicy (which reports every stack at once).
 * Called from the stack's toTerraform(), so it sees exactly the JSON that is written.
 */
export function checkStackPolicy(stack: TerraformStack, tf: Record<string, unknown>): Record<string, unknown> {
  annotateSuppressions(stack, tf);
  const entry: StackReport = { stack: stack.node.id, report: evaluate(tf) };
  if (collecting) collecting.set(entry.stack, entry);
  else if (failures(entry.report) > 0) throw new PolicyError([entry], 'fix each, or suppress it with a reason');
  return tf;
}

/** Runs `fn` (a synth) with policy failures collected instead of thrown at the first stack. */
export function collectPolicy(fn: () => void): StackReport[] {
  const outer = collecting;
  collecting = new Map();
  try {
    fn();
    return [...collecting.values()];
  } finally {
    collecting = outer;
  }
}
