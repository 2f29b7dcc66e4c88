/** Calls to the public API of this origin's gateway with the signed-in key; errors as problem details. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

export type Query = Readonly<Record<string, string | number | boolean | null | undefined>>;

let onUnauthenticated: (error: ApiError) => void = () => undefined;

/** Called when a key stops working mid-session (revoked): the app signs out and says why. */
export const whenUnauthenticated = (handler: (error: ApiError) => void): void => {
  onUnauthenticated = handler;
};

export const withQuery = (path: string, query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
};

export interface RawReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** One request; never throws for an HTTP status, only when no answer came. */
export async function send(
  key: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<RawReply> {
  const response = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body,
    signal,
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = { detail: text.slice(0, 200) };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export function problemOf(reply: RawReply): ApiError {
  const p = (reply.body ?? {}) as { code?: string; detail?: string; title?: string; errors?: FieldError[] };
  return new ApiError(reply.status, p.code ?? `http_${reply.status}`, p.detail ?? p.title ?? `HTTP ${reply.status}`, p.errors ?? []);
}

export async function call<T>(key: string, method: string, path: string, body?: unknown): Promise<T> {
  let reply: RawReply;
  try {
    reply = await send(key, method, path, body === undefined ? undefined : JSON.stringify(body));
  } catch (error) {
    throw new ApiError(0, 'unreachable', `The gateway cannot be reached (${(error as Error).message}).`);
  }
  if (reply.status >= 200 && reply.status < 300) return reply.body as T;
  const error = problemOf(reply);
  if (reply.status === 401) onUnauthenticated(error);
  throw error;
}

/** What a person should read for an error: the server's detail, with a hint for the usual cases. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return (error as Error)?.message ?? String(error);
  if (error.status === 403 && error.code !== 'quota_exceeded') return `This key's role cannot do that. ${error.message}`;
  if (error.status === 404) return `Not found, or not visible to this key. ${error.message}`;
  if (error.status === 429 && error.code === 'projection_backlog') return `Earlier writes are still being applied. ${error.message}`;
  if (error.status === 429) return `Too many requests for this plan. ${error.message}`;
  if (error.status >= 500) return `The service had a problem (${error.status}). ${error.message}`;
  return error.message;
}
