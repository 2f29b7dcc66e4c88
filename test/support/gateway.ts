import { request, type JsonResponse } from './http';

/** The e2e system's gateway (its URL from the global setup). */
const gateway = (): string => process.env.E2E_GATEWAY_URL!;

/** One call to the e2e gateway with `key` as the bearer token. */
export const send = (method: string, path: string, key: string, body?: unknown): Promise<JsonResponse> =>
  request(method, `${gateway()}${path}`, { headers: { authorization: `Bearer ${key}` }, ...(body === undefined ? {} : { body }) });

/** A call that must succeed: its body, or an error naming the status and the answer. */
export async function ok<T = any>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const response = await send(method, path, key, body);
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}
