import { Token } from 'cdktf';
import { InputError } from './errors';

/** Collects refusals, one line each: `<field>="<value>": <problem>; allowed: <what>`. */
export class Refusals {
  private readonly lines: string[] = [];
  constructor(private readonly path: string) {}

  check(ok: boolean, field: string, value: unknown, problem: string, allowed: string): void {
    if (!ok) this.lines.push(`${this.path}.${field}=${JSON.stringify(value)}: ${problem}; allowed: ${allowed}`);
  }

  /** A whole number in [min, max]; tokens pass. */
  wholeNumber(field: string, value: number, min: number, max: number, unit: string): void {
    if (Token.isUnresolved(value)) return;
    this.check(Number.isInteger(value) && value >= min && value <= max, field, value, `not a whole number of ${unit} in range`, `${min} to ${max}`);
  }

  throwIfAny(): void {
    if (this.lines.length) throw new InputError(this.lines);
  }
}
