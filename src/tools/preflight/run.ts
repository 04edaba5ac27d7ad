import { EnvironmentConfig, EnvironmentName, loadEnvironments, ShellEnv } from '../../config';
import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';
import {
  Api,
  checkAcceleratorType,
  checkOrgPolicies,
  checkQuota,
  checkReservation,
  checkServices,
  checkStateBucket,
  PreflightTarget,
} from './checks';
import { DEFAULT_TIMEOUT_MS, GoogleJsonClient } from './http';
import type { PreflightReport } from './report';
import { accessToken, CommandRunner, runCommand } from './token';

/** The environment variables preflight reads besides the configuration's own. */
export const PREFLIGHT_VARIABLES = [
  ['PREFLIGHT_ACCESS_TOKEN', 'an access token to use instead of gcloud auth print-access-token'],
  ['PREFLIGHT_TIMEOUT_MS', `timeout of each request in milliseconds (default ${DEFAULT_TIMEOUT_MS})`],
  ['PREFLIGHT_API_BASE', 'replaces https://<host> of every Google API, e.g. http://127.0.0.1:8080 (a fake)'],
  ['PREFLIGHT_QUOTA_PROJECT', "X-Goog-User-Project of every request (default: the environment's project)"],
] as const;

const MAX_TIMEOUT_MS = 600_000;

export interface ClientSettings {
  readonly timeoutMs: number;
  readonly apiBase?: string;
  readonly quotaProject: string;
}

/** Reads and checks the PREFLIGHT_* settings; every bad one is a problem line. */
export function clientSettings(shell: ShellEnv, projectId: string): ClientSettings {
  const problems: string[] = [];
  const rawTimeout = shell.PREFLIGHT_TIMEOUT_MS?.trim();
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (rawTimeout) {
    timeoutMs = /^[0-9]+$/.test(rawTimeout) ? Number(rawTimeout) : NaN;
    if (!(timeoutMs >= 1 && timeoutMs <= MAX_TIMEOUT_MS))
      problems.push(
        `PREFLIGHT_TIMEOUT_MS=${shown(shell.PREFLIGHT_TIMEOUT_MS)}: not a timeout; allowed: whole milliseconds from 1 to ${MAX_TIMEOUT_MS} (default ${DEFAULT_TIMEOUT_MS})`,
      );
  }
  const apiBase = shell.PREFLIGHT_API_BASE?.trim() || undefined;
  if (apiBase !== undefined) {
    let ok: boolean;
    try {
      const url = new URL(apiBase);
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
    } catch {
      ok = false;
    }
    if (!ok)
      problems.push(
        `PREFLIGHT_API_BASE=${shown(shell.PREFLIGHT_API_BASE)}: not a base URL; allowed: http(s)://host[:port][/path], or unset for Google's hosts`,
      );
  }
  if (problems.length) throw new InputError(problems);
  const quotaProject = shell.PREFLIGHT_QUOTA_PROJECT?.trim() || projectId;
  return { timeoutMs, apiBase, quotaProject };
}

export function targetOf(env: EnvironmentConfig): PreflightTarget {
  return {
    projectId: env.projectId,
    region: env.region,
    zone: env.zone,
    acceleratorType: env.tpu.acceleratorType,
    capacity: env.tpu.capacity,
    slices: env.training.slices,
    devVm: env.tpu.devVm,
    reservation: env.training.reservation,
    stateBucket: env.stateBackend.bucket,
    bucketEncryption: env.bucket.encryption ?? 'google-managed',
  };
}

/** Every check, in report order; the calls run concurrently. */
export async function runChecks(api: Api, environment: string, t: PreflightTarget): Promise<PreflightReport> {
  const groups = await Promise.all([
    checkServices(api, t),
    t.capacity === 'reserved' ? checkReservation(api, t) : checkQuota(api, t),
    checkAcceleratorType(api, t),
    checkOrgPolicies(api, t),
    checkStateBucket(api, t),
  ]);
  return { environment, projectId: t.projectId, zone: t.zone, rows: groups.flat() };
}

/**
 * The whole preflight of one environment as the CLI runs it: the configuration with the shell's
 * inputs (as synth reads it), the PREFLIGHT_* settings, the caller's token, then the checks.
 */
export async function preflight(
  name: EnvironmentName,
  shell: ShellEnv,
  run: CommandRunner = runCommand,
): Promise<PreflightReport> {
  const [env] = loadEnvironments({ ...shell, ENVIRONMENT: name });
  const settings = clientSettings(shell, env.projectId);
  const token = await accessToken(shell, run);
  const client = new GoogleJsonClient({ token, ...settings });
  return runChecks(client, name, targetOf(env));
}
