import { PassThrough, Writable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { decoderFor, pipeBody, type BodyLimits, type BodyProblem } from './request-body';

const limits: BodyLimits = { maxBytes: 1024 * 1024, minBytesPerSecond: 64 * 1024, graceMs: 200 };

/** Feeds `chunks` as a client would and resolves with what reached the sink, or the problem. */
function run(chunks: Buffer[], encoding?: string, gapMs = 0): Promise<{ received?: Buffer; problem?: BodyProblem }> {
  const req = new PassThrough();
  const received: Buffer[] = [];
  return new Promise((resolve) => {
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        received.push(chunk);
        done();
      },
    });
    sink.on('finish', () => resolve({ received: Buffer.concat(received) }));
    const make = decoderFor(encoding);
    if (make === undefined) throw new Error(`no decoder for ${encoding}`);
    pipeBody(req, make && make(), sink, limits, (problem) => resolve({ problem }));
    void (async () => {
      for (const chunk of chunks) {
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
        req.write(chunk);
      }
      req.end();
    })();
  });
}

describe('decoderFor', () => {
  it('accepts identity, gzip, deflate and br and nothing else', () => {
    expect(decoderFor(undefined)).toBeNull();
    expect(decoderFor('identity')).toBeNull();
    for (const encoding of ['gzip', 'GZIP', 'deflate', 'br']) expect(typeof decoderFor(encoding)).toBe('function');
    for (const encoding of ['compress', 'zstd', 'gzip, br', 'x']) expect(decoderFor(encoding)).toBeUndefined();
  });
});

describe('pipeBody', () => {
  const json = Buffer.from(JSON.stringify({ things: [{ type: 'video', name: 'v' }] }));

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('passes a %s body on decoded', async (encoding, compress) => {
    expect(await run([compress(json)], encoding)).toEqual({ received: json });
  });

  it('passes a plain body on as it is', async () => {
    expect(await run([json])).toEqual({ received: json });
  });

  it('counts decoded bytes: a 10 KiB gzip of 2 MiB is over a 1 MiB limit', async () => {
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(limits.maxBytes / 50);
    expect(await run([bomb], 'gzip')).toEqual({ problem: 'too_large' });
  });

  it('refuses a plain body over the limit', async () => {
    expect(await run([Buffer.alloc(limits.maxBytes + 1, 0x20)])).toEqual({ problem: 'too_large' });
  });

  it('refuses a body that is not what its Content-Encoding says', async () => {
    expect(await run([json], 'gzip')).toEqual({ problem: 'undecodable' });
  });

  it('cuts a body trickling below the minimum rate after the grace time', async () => {
    const drops = Array.from({ length: 20 }, () => Buffer.from(' '));
    expect(await run(drops, undefined, 50)).toEqual({ problem: 'too_slow' });
  });
});
