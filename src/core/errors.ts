/**
 * Bad input that a person must fix: printed as one line per problem, with no stack trace.
 * Constructs throw it when a literal prop breaks a rule; configuration throws its subclass.
 */
export class InputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }

  /** The lines a CLI prints for it (see src/tools/cli/exit.ts): `error: <problem>` each. */
  render(): string[] {
    return this.problems.map((p) => `error: ${p}`);
  }
}
