import { INTERNAL_HEADERS } from '@onescale/ontology';
import { TEST_INTERNAL_TOKEN } from './app-process';

export interface JsonResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A JSON request; `internal` adds the internal credential an app requires from the gateway. */
export async function request<T = any>(
  method: string,
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; internal?: boolean; raw?: string } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
  if (options.internal) headers[INTERNAL_HEADERS.token] = process.env.INTERNAL_TOKEN ?? TEST_INTERNAL_TOKEN;
  const response = await fetch(url, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: body as T };
}
