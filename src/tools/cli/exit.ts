import { InputError } from '../../core/errors';
import { helpRequested } from './usage';

/**
 * Runs `main`; bad input (InputError) ends the process with one line per problem and exit code 1,
 * no stack trace. Anything else is a bug and keeps its stack. With `usage`, `-h` or `--help` among
 * the arguments prints it and exits 0 instead of running `main`.
 */
export function runCli(main: () => void | Promise<void>, usage?: string): void {
  if (usage !== undefined && helpRequested(process.argv.slice(2))) {
    process.stdout.write(usage);
    return;
  }
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
