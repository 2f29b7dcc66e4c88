import { runImport, type ImportOptions, type TextChunk } from './import-run';
import type { LineError } from './line-errors';
import type { HttpReply, PostBatch } from './send-batch';

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): HttpReply => ({
  status,
  body,
  header: (n) => headers[n] ?? null,
});

/** A stand-in for the batch endpoint: items named "bad…" fail with invalid_type, the rest are created. */
const acceptingServer =
  (calls: { key: string; items: unknown[] }[]): PostBatch =>
  async (kind, body, key) => {
    const items = (JSON.parse(body) as Record<string, { name?: string }[]>)[kind]!;
    calls.push({ key, items });
    const errors = items.flatMap((item, index) =>
      item.name?.startsWith('bad') ? [{ index, code: 'invalid_type', error: 'type is not in the composition' }] : [],
    );
    return reply(200, {
      created: items.map((_i, n) => `id${n}`).slice(errors.length),
      errors,
      summary: { total: items.length, success: items.length - errors.length, failed: errors.length },
      position: calls.length * 10,
    });
  };

async function* chunks(text: string, size = 17): AsyncGenerator<TextChunk> {
  for (let i = 0; i < text.length; i += size) yield { text: text.slice(i, i + size), bytes: Math.min(size, text.length - i) };
}

const thingLines = (names: string[]): string =>
  names.map((name) => (name === 'broken' ? '{"type":' : JSON.stringify({ type: 'creator', name }))).join('\n');

const run = (text: string, post: PostBatch, extra: Partial<ImportOptions> = {}) => {
  const errors: LineError[] = [];
  let t = 0;
  const summary = runImport(chunks(text), {
    kind: 'things',
    format: 'ndjson',
    runId: 'r1',
    post,
    sleep: async () => undefined,
    now: () => (t += 10),
    totalBytes: text.length,
    onErrors: (e) => void errors.push(...e),
    ...extra,
  });
  return { summary, errors };
};

describe('runImport', () => {
  it('batches valid lines, reports client and server errors by line, and counts everything', async () => {
    const calls: { key: string; items: unknown[] }[] = [];
    const names = Array.from({ length: 25 }, (_v, i) => (i === 3 ? 'broken' : i === 12 ? 'bad one' : `n${i}`));
    const { summary, errors } = run(thingLines(names), acceptingServer(calls), { batchSize: 10 });
    expect(await summary).toMatchObject({
      lines: 25,
      succeeded: 23,
      failed: 2,
      notImported: 0,
      batches: 3,
      aborted: null,
      position: 30,
      failedByCode: { invalid_json: 1, invalid_type: 1 },
    });
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'invalid_json'],
      [13, 'invalid_type'],
    ]);
    expect(errors[1]!.input).toBe('{"type":"creator","name":"bad one"}');
    expect(calls.map((c) => [c.key, c.items.length])).toEqual([
      ['onescale-import:r1:0', 9],
      ['onescale-import:r1:1', 10],
      ['onescale-import:r1:2', 5],
    ]);
  });

  it('keeps errors in line order when a later batch answers first', async () => {
    const order: string[] = [];
    const inner = acceptingServer([]);
    const post: PostBatch = async (kind, body, key) => {
      if (key.endsWith(':0')) await new Promise((r) => setTimeout(r, 20));
      order.push(key);
      return inner(kind, body, key);
    };
    const { summary, errors } = run(thingLines(['bad a', 'ok', 'bad b', 'ok']), post, { batchSize: 2, concurrency: 2 });
    await summary;
    expect(order).toEqual(['onescale-import:r1:1', 'onescale-import:r1:0']);
    expect(errors.map((e) => e.line)).toEqual([1, 3]);
  });

  it('retries transient failures with the same key and counts the retries', async () => {
    const keys: string[] = [];
    const inner = acceptingServer([]);
    let failures = 2;
    const post: PostBatch = async (kind, body, key) => {
      keys.push(key);
      if (failures-- > 0) return reply(503, { code: 'service_unavailable' }, { 'retry-after': '1' });
      return inner(kind, body, key);
    };
    const { summary } = run(thingLines(['a', 'b']), post);
    expect(await summary).toMatchObject({ succeeded: 2, retries: 2, aborted: null });
    expect(new Set(keys)).toEqual(new Set(['onescale-import:r1:0']));
  });

  it('turns items the server refused to validate into line errors and sends the rest again', async () => {
    const calls: { key: string; items: unknown[] }[] = [];
    const inner = acceptingServer(calls);
    const post: PostBatch = async (kind, body, key) => {
      if (key.endsWith(':0'))
        return reply(400, {
          code: 'validation_failed',
          errors: [{ path: 'things[1].name', message: 'things[1].name must be shorter than or equal to 512 characters' }],
        });
      return inner(kind, body, key);
    };
    const { summary, errors } = run(thingLines(['a', 'b', 'c']), post);
    expect(await summary).toMatchObject({ succeeded: 2, failed: 1 });
    expect(errors).toEqual([
      {
        line: 2,
        code: 'invalid_field',
        error: 'name must be shorter than or equal to 512 characters',
        input: '{"type":"creator","name":"b"}',
      },
    ]);
    expect(calls.map((c) => [c.key, c.items.length])).toEqual([['onescale-import:r1:0v', 2]]);
  });

  it('splits a batch the server finds too large', async () => {
    const calls: { key: string; items: unknown[] }[] = [];
    const inner = acceptingServer(calls);
    const post: PostBatch = async (kind, body, key) =>
      body.length > 100 ? reply(413, { code: 'payload_too_large' }) : inner(kind, body, key);
    const { summary } = run(thingLines(['a', 'b', 'c', 'd']), post);
    expect(await summary).toMatchObject({ succeeded: 4, failed: 0 });
    expect(calls.map((c) => c.key)).toEqual(['onescale-import:r1:0a', 'onescale-import:r1:0b']);
  });

  it('stops at a refused key without sending more, and says why', async () => {
    let sent = 0;
    const post: PostBatch = async () => {
      sent += 1;
      return reply(401, { code: 'unauthenticated', detail: 'the api key is not valid' });
    };
    const { summary } = run(thingLines(Array.from({ length: 30 }, (_v, i) => `n${i}`)), post, { batchSize: 10, concurrency: 1 });
    expect(await summary).toMatchObject({ succeeded: 0, notImported: 10, aborted: { category: 'auth', code: 'unauthenticated' } });
    expect(sent).toBe(1);
  });

  it('gives up on an unreachable server after the allowed attempts', async () => {
    const post: PostBatch = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    const { summary } = run(thingLines(['a']), post, { maxAttempts: 3 });
    expect(await summary).toMatchObject({ aborted: { category: 'unavailable', message: expect.stringContaining('ECONNREFUSED') } });
  });

  it('refuses a CSV file with an unknown column before sending anything', async () => {
    let sent = 0;
    const { summary } = run('type,name,colour\ncreator,a,red\n', async () => reply(200, (sent += 1)), { format: 'csv' });
    expect(await summary).toMatchObject({ aborted: { category: 'file', code: 'unknown_column', line: 1 } });
    expect(sent).toBe(0);
  });
});
