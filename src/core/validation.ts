import { Token, Tokenization } from 'cdktf';
import { InputError } from './errors';
import { problemLine } from './problem-line';
import { checkCron, checkTimeZone, CRON_ALLOWED, TIME_ZONE_ALLOWED } from './schedule';

export { EMAIL_PATTERN, MAX_SHOWN_CHARS, problemLine, shown } from './problem-line';

/**
 * The one way bad input is reported: a line per problem, `<field>=<value>: <problem>; allowed: <what>`,
 * with the value shown by `shown` (strings quoted, control and invisible characters escaped, long
 * values shortened; numbers, booleans and null bare). Configuration (zod), constructs and the CLIs all
 * use it, so every message quotes the same way.
 */

/** Collects problems under a construct path (`<path>.<field>=...`); throws them together as one InputError. */
export class Problems {
  private readonly lines: string[] = [];
  constructor(private readonly path: string) {}

  /** Records a problem. */
  add(field: string, value: unknown, problem: string, allowed: string): void {
    this.lines.push(problemLine(this.path ? `${this.path}.${field}` : field, value, problem, allowed));
  }

  /** Records a problem unless `ok`. */
  check(ok: boolean, field: string, value: unknown, problem: string, allowed: string): void {
    if (!ok) this.add(field, value, problem, allowed);
  }

  /** A whole number in [min, max]; tokens pass. */
  wholeNumber(field: string, value: number, min: number, max: number, unit: string): void {
    if (Token.isUnresolved(value)) return;
    this.check(
      Number.isInteger(value) && value >= min && value <= max,
      field,
      value,
      `not a whole number of ${unit} in range`,
      `${min} to ${max}`,
    );
  }

  /** A Cloud Scheduler schedule (null: paused) and time zone; tokens pass. */
  schedule(schedule: string | null, timeZone: string | undefined): void {
    const cronWhy = schedule === null || Token.isUnresolved(schedule) ? undefined : checkCron(schedule);
    if (cronWhy)
      this.add('schedule', schedule, `not a valid schedule (${cronWhy})`, `${CRON_ALLOWED}, or null for paused`);
    const tzWhy = timeZone === undefined || Token.isUnresolved(timeZone) ? undefined : checkTimeZone(timeZone);
    if (tzWhy) this.add('timeZone', timeZone, tzWhy, TIME_ZONE_ALLOWED);
  }

  /** Adds lines made elsewhere (already in the house form). */
  addLines(lines: readonly string[]): void {
    this.lines.push(...lines);
  }

  get list(): readonly string[] {
    return this.lines;
  }

  throwIfAny(): void {
    if (this.lines.length) throw new InputError(this.lines);
  }
}

/** True for a literal (not a Terraform token) string. */
export function isLiteral(value: string | undefined): value is string {
  return value !== undefined && !Token.isUnresolved(value);
}

/** The literal parts of a string that may hold Terraform tokens, in order (tokens left out). */
export function literalParts(value: string): string[] {
  return Tokenization.reverseString(value).literals.map((l) => String(l));
}

/** The literal text of a string, with its tokens left out. */
export function literalText(value: string): string {
  return literalParts(value).join('');
}

/** Whether a string begins with a Terraform token (its start is not known at synth). */
export function startsWithToken(value: string): boolean {
  return Token.isUnresolved(value) && Tokenization.reverseString(value).firstToken !== undefined;
}

/** Whether a string ends with a Terraform token (its end is not known at synth). */
export function endsWithToken(value: string): boolean {
  if (!Token.isUnresolved(value)) return false;
  const literals = literalParts(value);
  const last = literals[literals.length - 1];
  return last === undefined || !value.endsWith(last);
}
