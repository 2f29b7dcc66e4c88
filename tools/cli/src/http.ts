import type { HttpReply } from '../../../libs/client/src';
import { CliError, EXIT } from './exit-codes';
import { requireKey, type Settings } from './settings';

/** Long enough for a 10,000-item batch on a busy machine; a timeout is retried like a network error. */
export const REQUEST_TIMEOUT_MS = 120_000;

export async function request(
  settings: Settings,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<HttpReply> {
  const response = await fetch(`${settings.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${requireKey(settings)}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = { detail: text.slice(0, 300) };
  }
  return { status: response.status, body: parsed, header: (name) => response.headers.get(name) };
}

interface Problem {
  readonly code?: string;
  readonly detail?: string;
}

/** A JSON call that must succeed: HTTP problems become CliErrors with the exit code they mean. */
export async function callJson<T>(settings: Settings, method: string, path: string, body?: unknown): Promise<T> {
  let reply: HttpReply;
  try {
    reply = await request(settings, method, path, body === undefined ? undefined : JSON.stringify(body));
  } catch (error) {
    throw new CliError(EXIT.unavailable, `cannot reach ${settings.url} (${causeOf(error)})`);
  }
  if (reply.status >= 200 && reply.status < 300) return reply.body as T;
  const p = (reply.body ?? {}) as Problem;
  const detail = `${p.detail ?? `HTTP ${reply.status}`}${p.code ? ` [${p.code}]` : ''}`;
  if (reply.status === 401) throw new CliError(EXIT.refused, `the API key was refused: ${detail}`);
  if (reply.status === 403) throw new CliError(EXIT.refused, `not allowed with this key: ${detail}`);
  if (reply.status === 404) throw new CliError(EXIT.refused, `not found (or not visible to this key): ${detail}`);
  if (reply.status >= 500) throw new CliError(EXIT.unavailable, `the server failed: ${detail}`);
  if (reply.status === 429) throw new CliError(EXIT.refused, detail);
  throw new CliError(EXIT.usage, `the request was refused: ${detail}`);
}

export const causeOf = (error: unknown): string => {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
};

export const groupPath = (groupId: string, rest = ''): string => `/v1/groups/${encodeURIComponent(groupId)}${rest}`;
