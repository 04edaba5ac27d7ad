import * as http from 'node:http';
import * as https from 'node:https';

/**
 * A small JSON client for Google REST APIs on node's own http/https: GET only (preflight never writes),
 * one timeout per request, and every failure returned as a value (never thrown), so each check can turn
 * it into one row of the report.
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Longest response body read; a larger one is cut off and reported as malformed. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export type GetResult =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  /** A non-2xx answer, with Google's error (`{error: {code, message, status, details}}`) when it sent one. */
  | {
      readonly kind: 'http-error';
      readonly status: number;
      readonly message: string;
      /** `error.status`, e.g. PERMISSION_DENIED. */
      readonly statusName?: string;
      /** `error.details[].reason` of a google.rpc.ErrorInfo, e.g. SERVICE_DISABLED. */
      readonly reason?: string;
      /** `error.details[].metadata.service` of that ErrorInfo (the API that is disabled). */
      readonly service?: string;
    }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'malformed'; readonly status: number; readonly text: string };

export interface ClientOptions {
  /** OAuth access token sent as `Authorization: Bearer`. */
  readonly token: string;
  readonly timeoutMs?: number;
  /**
   * Replaces `https://<host>` of every Google API (tests: `http://127.0.0.1:<port>`); the path is kept,
   * so one fake serves them all.
   */
  readonly apiBase?: string;
  /** Sent as `X-Goog-User-Project`: the project whose quota and API enablement the calls use. */
  readonly quotaProject?: string;
}

export type Query = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Fills `{name}` path parameters, each URL-escaped. */
export function fillPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`path ${template}: no value for {${key}}`);
    return encodeURIComponent(value);
  });
}

export class GoogleJsonClient {
  readonly timeoutMs: number;

  constructor(private readonly options: ClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  url(host: string, path: string, query: Query = {}): string {
    const base = this.options.apiBase ? this.options.apiBase.replace(/\/+$/, '') : `https://${host}`;
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const v of typeof value === 'string' ? [value] : value) search.append(key, v);
    }
    const qs = search.toString();
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  }

  get(host: string, path: string, query: Query = {}): Promise<GetResult> {
    const url = new URL(this.url(host, path, query));
    const transport = url.protocol === 'http:' ? http : https;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.token}`,
      accept: 'application/json',
      'user-agent': 'tpu-training-pipeline-preflight',
    };
    if (this.options.quotaProject) headers['x-goog-user-project'] = this.options.quotaProject;
    const timeoutMs = this.timeoutMs;

    return new Promise<GetResult>((resolve) => {
      let settled = false;
      const finish = (result: GetResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      // agent: false: no keep-alive pool, so no socket outlives its request (a dozen calls need none).
      const req = transport.request(url, { method: 'GET', headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
          finish({ kind: 'malformed', status: res.statusCode ?? 0, text: `a body of over ${MAX_BODY_BYTES} bytes` });
          res.destroy();
        });
        res.on('error', (err) => finish({ kind: 'network', message: err.message }));
        res.on('end', () => finish(interpret(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
      });
      // One deadline for the whole exchange (connect, headers and body), not just idle time.
      const timer = setTimeout(() => {
        finish({ kind: 'timeout', timeoutMs });
        req.destroy();
      }, timeoutMs);
      req.on('error', (err) => finish({ kind: 'network', message: err.message }));
      req.end();
    });
  }
}

function interpret(status: number, text: string): GetResult {
  let body: unknown;
  let parsed = true;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = false;
  }
  if (status >= 200 && status < 300) {
    return parsed ? { kind: 'json', status, body } : { kind: 'malformed', status, text };
  }
  return { kind: 'http-error', status, ...googleError(parsed ? body : undefined, text) };
}

/** Google's error fields (AIP-193), or the start of the body when it is not Google's form. */
function googleError(
  body: unknown,
  text: string,
): { message: string; statusName?: string; reason?: string; service?: string } {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; status?: unknown; details?: unknown };
    const info = Array.isArray(e.details)
      ? (e.details.find((d) => d && typeof d === 'object' && typeof (d as { reason?: unknown }).reason === 'string') as
          { reason: string; metadata?: { service?: unknown } } | undefined)
      : undefined;
    return {
      message: typeof e.message === 'string' ? e.message : JSON.stringify(error),
      ...(typeof e.status === 'string' ? { statusName: e.status } : {}),
      ...(info ? { reason: info.reason } : {}),
      ...(typeof info?.metadata?.service === 'string' ? { service: info.metadata.service } : {}),
    };
  }
  return { message: text.trim() };
}
