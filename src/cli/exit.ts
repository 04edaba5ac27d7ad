import { InputError } from '../errors';

/**
 * Runs `main`; bad input (InputError) ends the process with one line per problem and exit code 1,
 * no stack trace. Anything else is a bug and keeps its stack.
 */
export function runCli(main: () => void | Promise<void>): void {
  Promise.resolve()
    .then(main)
    .catch((err: unknown) => {
      if (err instanceof InputError) {
        for (const line of err.render()) process.stderr.write(`${line}\n`);
      } else {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      }
      process.exitCode = 1;
    });
}
