import { request, type JsonResponse } from './http';

/** The e2e system's gateway (its URL from the global setup). */
const gateway = (): string => process.env.E2E_GATEWAY_URL!;

/** One call to the e2e gateway with `key` as the bearer token. */
export const send = (method: string, path: string, key: string, body?: unknown): Promise<JsonResponse> =>
  request(method, `${gateway()}${path}`, { headers: { authorization: `Bearer ${key}` }, ...(body === undefined ? {} : { body }) });

/** How long a read keeps asking while the read models are behind (a heavy test before may leave a backlog). */
const BEHIND_PATIENCE_MS = 120_000;

export interface CallOptions {
  /** How long a read keeps asking while the read models are behind (default two minutes). */
  readonly patienceMs?: number;
}

/**
 * A call that must succeed: its body, or an error naming the status and the answer. A read whose
 * position the read models have not reached yet (503 `projection_behind`) is asked again after its
 * Retry-After, as the contract tells a client to.
 */
export async function ok<T = any>(method: string, path: string, key: string, body?: unknown, options: CallOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.patienceMs ?? BEHIND_PATIENCE_MS);
  let response = await send(method, path, key, body);
  while (method === 'GET' && response.status === 503 && response.body?.code === 'projection_behind' && Date.now() < deadline) {
    const seconds = Number(response.headers.get('retry-after')) || 1;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    response = await send(method, path, key, body);
  }
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}
