import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ARCHIVER_ROUTES,
  INGEST_ROUTES,
  INTERNAL_HEADERS,
  QUOTA_ROUTES,
  type InternalRoute,
  type ReserveRequest,
} from '@onescale/ontology';
import { toProblem } from '../http/problem-details.filter';
import { isDependencyUnavailable } from '../http/unavailable';
import { internalCallProblem, InternalCallError } from './internal-call-error';
import { InternalClient } from './internal-client';

type Answer = (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void;

/** A real HTTP server whose n-th request (from 1) gets `answer`; it records what it was sent. */
async function serve(
  answer: Answer,
): Promise<{ url: string; requests: Array<{ method?: string; url?: string; token?: string; body: string }>; close: () => Promise<void> }> {
  const requests: Array<{ method?: string; url?: string; token?: string; body: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method, url: req.url, token: String(req.headers[INTERNAL_HEADERS.token]), body });
      answer(req, res, body, requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

const failureOf = async (call: Promise<unknown>): Promise<InternalCallError> => {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof InternalCallError)) throw new Error(`expected an InternalCallError, got ${String(error)}`);
  return error;
};

/** A route quota would apply twice: it must never be sent again. */
const notRetrySafe: InternalRoute<void, { n: number }, { ok: boolean }> = {
  method: 'POST',
  path: () => '/internal/once',
  retrySafe: false,
};

const reserve: ReserveRequest = { reservationId: 'r1', groupId: 'g', rootGroupId: 'g', metric: 'entities_total', amount: 2 };
const granted = { reservationId: 'r1', metric: 'entities_total', requested: 2, granted: 2, limit: 100, remaining: 98, expiresAt: 1 };

describe('InternalClient', () => {
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const client = (url: string, timeoutMs = 1000): InternalClient =>
    new InternalClient({ app: 'quota', baseUrl: url, token: 'internal-token-0123456789', timeoutMs, backoffMs: 10 });

  it('given a declared route, when called, then it sends the token and the JSON request and answers the JSON answer', async () => {
    server = await serve((_req, res) => json(res, 200, granted));
    expect(await client(server.url).call(QUOTA_ROUTES.reserve, { body: reserve })).toEqual(granted);
    expect(server.requests).toEqual([
      { method: 'POST', url: '/internal/reservations', token: 'internal-token-0123456789', body: JSON.stringify(reserve) },
    ]);
  });

  it('given a status the route declares as missing, when called, then it answers null', async () => {
    server = await serve((_req, res) => json(res, 404, { code: 'group_not_found' }));
    expect(await client(server.url).call(INGEST_ROUTES.group, { params: { groupId: 'a b/c' } })).toBeNull();
    expect(server.requests[0]!.url).toBe('/internal/groups/a%20b%2Fc');
  });

  it('given a retry-safe call whose connection is dropped and then a 503, when called, then it is sent again with backoff and answers', async () => {
    server = await serve((req, res, _body, n) =>
      n === 1 ? req.socket.destroy() : n === 2 ? json(res, 503, { code: 'busy' }) : json(res, 200, granted),
    );
    expect(await client(server.url).call(QUOTA_ROUTES.reserve, { body: reserve })).toEqual(granted);
    expect(server.requests).toHaveLength(3);
  });

  it('given a retry-safe call that never gets an answer, when the tries are spent, then it fails transient (an outage to consumers, 503 with Retry-After to HTTP callers)', async () => {
    server = await serve((_req, res) => json(res, 503, { code: 'busy' }));
    const error = await failureOf(client(server.url).call(QUOTA_ROUTES.reserve, { body: reserve }));
    expect(server.requests).toHaveLength(3);
    expect({ kind: error.kind, status: error.facts.status, answer: error.facts.answer }).toEqual({
      kind: 'transient',
      status: 503,
      answer: { code: 'busy' },
    });
    expect(isDependencyUnavailable(error)).toBe(true);
    const problem = internalCallProblem(error);
    expect({ status: problem.getStatus(), code: problem.code, headers: problem.headers }).toEqual({
      status: 503,
      code: 'quota_unavailable',
      headers: { 'Retry-After': '2' },
    });
  });

  it('given a route that is not retry-safe, when the app is unavailable, then it is sent once', async () => {
    server = await serve((_req, res) => json(res, 503, {}));
    const error = await failureOf(client(server.url).call(notRetrySafe, { body: { n: 1 } }));
    expect({ kind: error.kind, requests: server.requests.length }).toEqual({ kind: 'transient', requests: 1 });
  });

  it('given an app that asks for a longer pause (429 with Retry-After), when called, then it is not sent again and the pause is passed on', async () => {
    server = await serve((_req, res) => json(res, 429, { code: 'slow_down' }, { 'retry-after': '30' }));
    const error = await failureOf(client(server.url).call(QUOTA_ROUTES.reserve, { body: reserve }));
    expect({ kind: error.kind, retryAfter: error.facts.retryAfterSeconds, requests: server.requests.length }).toEqual({
      kind: 'transient',
      retryAfter: 30,
      requests: 1,
    });
    expect(internalCallProblem(error).headers).toEqual({ 'Retry-After': '30' });
  });

  it('given a silent app, when the timeout passes, then it fails transient and timed out, and is not sent again (the app may be applying it)', async () => {
    server = await serve(() => undefined);
    const started = Date.now();
    const error = await failureOf(client(server.url, 5000).call(QUOTA_ROUTES.reserve, { body: reserve, timeoutMs: 150 }));
    expect({ kind: error.kind, timedOut: error.facts.timedOut, requests: server.requests.length }).toEqual({
      kind: 'transient',
      timedOut: true,
      requests: 1,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('given no app listening, when called, then it fails transient with the socket error after its tries', async () => {
    server = await serve(() => undefined);
    const { url } = server;
    await server.close();
    server = undefined;
    const error = await failureOf(client(url).call(INGEST_ROUTES.group, { params: { groupId: 'g' } }));
    expect({ kind: error.kind, code: error.facts.code, unavailable: isDependencyUnavailable(error) }).toEqual({
      kind: 'transient',
      code: 'ECONNREFUSED',
      unavailable: true,
    });
  });

  it('given a status the route does not expect, when called, then it fails with kind status at once (a consumer dead-letters, an HTTP caller answers 502)', async () => {
    server = await serve((_req, res) => json(res, 400, { code: 'validation_failed' }));
    const error = await failureOf(client(server.url).call(QUOTA_ROUTES.reserve, { body: reserve }));
    expect({ kind: error.kind, status: error.facts.status, answer: error.facts.answer, requests: server.requests.length }).toEqual({
      kind: 'status',
      status: 400,
      answer: { code: 'validation_failed' },
      requests: 1,
    });
    expect(isDependencyUnavailable(error)).toBe(false);
    expect(toProblem(internalCallProblem(error))).toMatchObject({ status: 502, code: 'quota_failed', app: 'quota' });
  });

  it('given an answer that is not JSON or not the declared shape, when called, then it fails permanent with the reason', async () => {
    server = await serve((_req, res, _body, n) => (n === 1 ? res.writeHead(200).end('<html>') : json(res, 200, { entities_total: 1 })));
    const notJson = await failureOf(client(server.url).call(QUOTA_ROUTES.reserve, { body: reserve }));
    const unfit = await failureOf(client(server.url).call(INGEST_ROUTES.counts, { params: { rootGroupId: 'g' } }));
    expect([notJson.kind, unfit.kind]).toEqual(['permanent', 'permanent']);
    expect(unfit.message).toMatch(/lack users, connections_total, storage_bytes/);
  });

  it('given a streamed answer with pauses longer than the timeout, when read, then it is read whole (a slow reader pauses the socket too)', async () => {
    server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('{"a":1}\n');
      setTimeout(() => res.end('{"a":2}\n'), 300);
    });
    const body = await client(server.url, 100).stream(ARCHIVER_ROUTES.events, { params: { groupId: 'g' } });
    const chunks: Buffer[] = [];
    for await (const chunk of body!) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('{"a":1}\n{"a":2}\n');
    expect(server.requests[0]!.url).toBe('/internal/archive/events?groupId=g');
  });
});
