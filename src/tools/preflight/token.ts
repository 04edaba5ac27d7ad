import { execFile } from 'node:child_process';
import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';

/**
 * The caller's own access token: `PREFLIGHT_ACCESS_TOKEN` when set (tests, or a token from elsewhere),
 * else `gcloud auth print-access-token` (the gcloud login), else `gcloud auth application-default
 * print-access-token` (application default credentials, e.g. Workload Identity Federation in CI).
 * Without either: one problem line. The token itself is never printed.
 */

export const TOKEN_COMMANDS: readonly (readonly string[])[] = [
  ['auth', 'print-access-token'],
  ['auth', 'application-default', 'print-access-token'],
];

const ALLOWED = 'gcloud auth login (or application-default), or PREFLIGHT_ACCESS_TOKEN';
const GCLOUD_TIMEOUT_MS = 30_000;

export type CommandResult =
  | { readonly kind: 'ran'; readonly code: number; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'missing' };

export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

export const runCommand: CommandRunner = (command, args) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: GCLOUD_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ kind: 'missing' });
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ kind: 'ran', code, stdout: String(stdout), stderr: String(stderr) });
    });
  });

export async function accessToken(
  shell: Readonly<Record<string, string | undefined>>,
  run: CommandRunner = runCommand,
): Promise<string> {
  const given = shell.PREFLIGHT_ACCESS_TOKEN?.trim();
  if (given) return given;
  let first: string | undefined;
  for (const args of TOKEN_COMMANDS) {
    const result = await run('gcloud', args);
    if (result.kind === 'missing') {
      throw new InputError([
        `credentials=${shown(`gcloud ${args.join(' ')}`)}: gcloud is not on PATH; allowed: ${ALLOWED}`,
      ]);
    }
    const token = result.stdout.trim();
    if (result.code === 0 && token && !/\s/.test(token)) return token;
    first ??= `gcloud ${args.join(' ')} exited ${result.code}: ${shown(firstLine(result.stderr) || 'no token printed')}`;
  }
  throw new InputError([
    `credentials=${shown(`gcloud ${TOKEN_COMMANDS[0].join(' ')}`)}: ${first}; allowed: ${ALLOWED}`,
  ]);
}

/** gcloud's error line (`ERROR: (gcloud.auth...) ...`), else its first line. */
function firstLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.find((l) => l.startsWith('ERROR')) ?? lines[0] ?? '';
}
