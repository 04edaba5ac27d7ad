import { InputError } from '../core/errors';

/** A configuration problem: one line per problem, naming the field, the value and what is allowed. */
export class ConfigError extends InputError {
  constructor(problems: readonly string[]) {
    super(problems);
    this.name = 'ConfigError';
  }
}
