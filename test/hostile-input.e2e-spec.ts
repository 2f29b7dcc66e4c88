import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { request, type JsonResponse } from './support/http';

// SPEC §2 "Isolation" and §3: hostile input through the running system, each case with the exact
// answer. Every problem is a 4xx (never a 5xx), and a problem inside one item is that item's error.

const gateway = process.env.E2E_GATEWAY_URL!;
const platformKey = process.env.E2E_ADMIN_KEY!;

const send = (method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> =>
  request(method, `${gateway}${path}`, {
    headers: { authorization: `Bearer ${key}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });

/** A raw request whose body the test writes itself (compressed, trickled or held back). */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
): { req: ReturnType<typeof httpRequest>; reply: Promise<{ status: number; headers: IncomingMessage['headers']; body: any }> } {
  const url = new URL(`${gateway}${path}`);
  const req = httpRequest({ host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers });
  const reply = new Promise<{ status: number; headers: IncomingMessage['headers']; body: any }>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
      });
    });
    // The gateway may close the connection after answering while the test still writes: the answer counts.
    req.on('error', (error) => setTimeout(() => reject(error), 100));
  });
  return { req, reply };
}

describe('hostile input: every problem a 4xx, every tenant unaffected', () => {
  let groupId: string;
  let key: string;
  const G = () => `/v1/groups/${groupId}`;

  beforeAll(async () => {
    const created = await send('POST', '/v1/groups', platformKey, { name: `Hostile ${Date.now().toString(36)}`, type: 'business' });
    expect(created.status).toBe(201);
    groupId = created.body.group.id;
    key = created.body.apiKey.key;
  });

  it('answers a batch of items wrong inside with 200 and one error per item, writing the good one', async () => {
    const things = [
      { type: 'blog_post', name: 'n'.repeat(10_000) },
      { type: 'blog_post', name: 'p', properties: [1, 2] },
      { type: 'blog_post', name: 42 },
      { type: 'blog_post', name: 's', status: 'flying' },
      { type: 'blog_post', name: 'bell\u0007' },
      { type: 'blog_post', name: 'x', colour: 'red' },
      { type: 'blog_post', name: 'fine' },
    ];
    const reply = await send('POST', `${G()}/things/batch`, key, { things });
    expect(reply.status).toBe(200);
    expect(reply.body.created).toHaveLength(1);
    expect(reply.body.errors.map((e: { index: number; code: string; path?: string }) => [e.index, e.code, e.path])).toEqual([
      [0, 'invalid_name', 'name'],
      [1, 'invalid_json', 'properties'],
      [2, 'invalid_name', 'name'],
      [3, 'invalid_status', 'status'],
      [4, 'invalid_name', 'name'],
      [5, 'unknown_field', 'colour'],
    ]);
    expect(reply.body.summary).toEqual({ total: 7, success: 1, failed: 6, successRate: 14 });
  });

  it('reports wrong items per item on every batch route', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['PATCH', 'things/batch', { updates: [{ thingId: 42 }] }, 'invalid_field'],
      [
        'POST',
        'connections/batch',
        { connections: [{ fromThingId: 'a', toThingId: 'b', relationshipType: 'authored', weight: 1 }] },
        'unknown_field',
      ],
      ['POST', 'events/batch', { events: [{ type: 'user_login', metadata: [] }] }, 'invalid_json'],
      ['POST', 'knowledge/batch', { knowledge: [null] }, 'invalid_item'],
    ];
    for (const [method, route, body, code] of cases) {
      const reply = await send(method, `${G()}/${route}`, key, body);
      expect({ route, status: reply.status, code: reply.body.errors?.[0]?.code }).toEqual({ route, status: 200, code });
    }
  });

  it('refuses properties nested 20,000 levels deep with 400 too_deep, and 40 levels as the item’s error', async () => {
    const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const deep = await request('POST', `${gateway}${G()}/things/batch`, {
      headers: { authorization: `Bearer ${key}` },
      raw: `{"things":[{"type":"blog_post","name":"deep","properties":${nested(20_000)}}]}`,
    });
    expect({ status: deep.status, code: deep.body.code }).toEqual({ status: 400, code: 'too_deep' });
    const item = await send('POST', `${G()}/things/batch`, key, {
      things: [
        { type: 'blog_post', name: 'deep', properties: JSON.parse(nested(40)) },
        { type: 'blog_post', name: 'ok' },
      ],
    });
    expect({ status: item.status, created: item.body.created.length, errors: item.body.errors }).toEqual({
      status: 200,
      created: 1,
      errors: [expect.objectContaining({ index: 0, code: 'too_deep', path: 'properties' })],
    });
  });

  it('refuses a deeply nested body on a route the gateway reads itself with 400 too_deep', async () => {
    const raw = `{"role":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const reply = await request('POST', `${gateway}${G()}/api-keys`, { headers: { authorization: `Bearer ${key}` }, raw });
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 400, code: 'too_deep' });
  });

  it('counts a compressed body by its decoded size: a 61 MiB gzip bomb is a 413, writing nothing', async () => {
    const things = Array.from({ length: 10_000 }, (_, i) => ({
      type: 'blog_post',
      name: `bomb ${i}`,
      properties: { blob: 'x'.repeat(6_300) },
    }));
    const body = gzipSync(Buffer.from(JSON.stringify({ things })));
    expect(body.length).toBeLessThan(1024 * 1024);
    const { req, reply } = rawRequest('POST', `${G()}/things/batch`, {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': String(body.length),
    });
    req.end(body);
    const answer = await reply;
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 413, code: 'payload_too_large' });
  });

  it('accepts a small gzip body, and refuses an unknown Content-Encoding with 415', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ things: [{ type: 'blog_post', name: 'zipped' }] })));
    const gz = rawRequest('POST', `${G()}/things/batch`, {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    gz.req.end(body);
    const accepted = await gz.reply;
    expect({ status: accepted.status, created: accepted.body.created?.length }).toEqual({ status: 200, created: 1 });
    const other = rawRequest('POST', `${G()}/things/batch`, {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'content-encoding': 'compress',
    });
    other.req.end(body);
    const refused = await other.reply;
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 415, code: 'unsupported_encoding' });
  });

  it('cuts a body trickling below 64 KiB/s with 408', async () => {
    const { req, reply } = rawRequest('POST', `${G()}/things/batch`, {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    req.write('{"things":[');
    const drip = setInterval(() => req.write(' '), 100);
    try {
      const answer = await reply;
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 408, code: 'request_timeout' });
    } finally {
      clearInterval(drip);
      req.destroy();
    }
  });

  it.each([
    ['an unknown key', () => 'osk_unknown', () => G(), 401],
    ['a group it cannot see', () => key, () => '/v1/groups/01900000-0000-7000-8000-000000000000', 404],
  ])('closes the connection after refusing, before its body, a write with %s', async (_case, keyOf, groupPath, status) => {
    const { req, reply } = rawRequest('POST', `${groupPath()}/things/batch`, {
      authorization: `Bearer ${keyOf()}`,
      'content-type': 'application/json',
      'content-length': '1000000',
    });
    req.write('{"things":[');
    // A slow client keeps sending a body nobody reads: the gateway must not keep its socket for it.
    const drip = setInterval(() => !req.destroyed && req.write(' '), 100);
    const closed = new Promise<string>((resolve) => req.on('socket', (socket) => socket.on('close', () => resolve('closed'))));
    try {
      const answer = await reply;
      expect([answer.status, answer.headers.connection]).toEqual([status, 'close']);
      expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r('still open after 3 s'), 3000))])).toBe('closed');
    } finally {
      clearInterval(drip);
      req.destroy();
    }
  });

  it('answers 408 and closes a connection whose headers trickle for more than 10 s', async () => {
    const url = new URL(gateway);
    const socket = connect(Number(url.port), url.hostname);
    const started = Date.now();
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.write(`GET ${G()} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n`);
    let n = 0;
    const drip = setInterval(() => !socket.destroyed && socket.write(`X-Drip-${n++}: y\r\n`), 500);
    try {
      await new Promise((resolve) => socket.on('close', resolve));
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      // SLOW_CLIENT_LIMITS: headers within 10 s, checked every second (Node's defaults: 60 s, every 30 s).
      expect(Date.now() - started).toBeLessThan(13_000);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  }, 20_000);

  it('answers a fifth write of one key in flight with 429 and Retry-After, and takes the four', async () => {
    const body = Buffer.from(JSON.stringify({ things: [{ type: 'blog_post', name: 'held' }] }));
    const padding = Buffer.alloc(256 * 1024, 0x20); // whitespace before the JSON: fast enough not to be a trickle
    const held = Array.from({ length: 4 }, () => {
      const r = rawRequest('POST', `${G()}/things/batch`, {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': String(padding.length + body.length),
      });
      r.req.write(padding);
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    const fifth = await send('POST', `${G()}/things/batch`, key, { things: [{ type: 'blog_post', name: 'fifth' }] });
    expect({ status: fifth.status, code: fifth.body.code, retryAfter: fifth.headers.get('retry-after') }).toEqual({
      status: 429,
      code: 'too_many_writes_in_flight',
      retryAfter: '1',
    });
    for (const r of held) r.req.end(body);
    expect((await Promise.all(held.map((r) => r.reply))).map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const after = await send('POST', `${G()}/things/batch`, key, { things: [{ type: 'blog_post', name: 'after' }] });
    expect(after.status).toBe(200);
  });

  it('refuses minPosition beyond the partition at once with 400 position_out_of_range', async () => {
    const started = Date.now();
    const reply = await send('GET', `${G()}/metrics?minPosition=999999999999999`, key);
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 400, code: 'position_out_of_range' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers a key not in the key format with 401', async () => {
    for (const token of ['osk_short', 'not-a-key', `osk_${'a'.repeat(43)}`]) {
      const reply = await send('GET', G(), token);
      expect({ token, status: reply.status }).toEqual({ token, status: 401 });
    }
  });
});
