import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';

/** `npm run preflight -- <env> [--format=markdown|json]`, checked before anything is read. */
export const PREFLIGHT_FORMATS = ['markdown', 'json'] as const;
export type PreflightFormat = (typeof PREFLIGHT_FORMATS)[number];
export const PREFLIGHT_COMMAND = 'npm run preflight -- <env> [--format=markdown|json]';

/** The environment argument (checked by parseEnvironmentArg later) and the output format. */
export function parsePreflightArgs(args: readonly string[]): { env: string | undefined; format: PreflightFormat } {
  const positionals: string[] = [];
  let format: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? (args[++i] ?? '') : arg.slice('--format='.length);
      if (format !== undefined) throw new InputError([`--format=${shown(value)}: given twice; allowed: one --format`]);
      format = value;
    } else if (arg.startsWith('-')) {
      throw new InputError([`flag=${shown(arg)}: unknown; allowed: ${PREFLIGHT_COMMAND}`]);
    } else {
      positionals.push(arg);
    }
  }
  if (positionals.length > 1)
    throw new InputError([
      `arguments=${shown(positionals.slice(1).join(' '))}: unexpected; allowed: ${PREFLIGHT_COMMAND}`,
    ]);
  if (format !== undefined && !(PREFLIGHT_FORMATS as readonly string[]).includes(format))
    throw new InputError([`--format=${shown(format)}: unknown format; allowed: ${PREFLIGHT_FORMATS.join(', ')}`]);
  return { env: positionals[0], format: (format ?? 'markdown') as PreflightFormat };
}
