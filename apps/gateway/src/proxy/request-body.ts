import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform, Writable } from 'node:stream';

/** What a client's body may cost the gateway (SPEC §2 "Isolation"). */
export interface BodyLimits {
  /** Largest body in decoded bytes: a 400 KiB gzip that inflates to 60 MiB is a 60 MiB body. */
  readonly maxBytes: number;
  /** Slowest accepted arrival, in wire bytes per second averaged over the time the gateway was reading… */
  readonly minBytesPerSecond: number;
  /** …once this much time has passed (a short body is never judged). */
  readonly graceMs: number;
}

export const DEFAULT_MIN_BYTES_PER_SECOND = 64 * 1024;
export const DEFAULT_GRACE_MS = 1000;

/** Why a body was cut: over the decoded limit, trickling, or not decodable as its Content-Encoding says. */
export type BodyProblem = 'too_large' | 'too_slow' | 'undecodable';

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The decoder a Content-Encoding needs: null for none or identity, undefined for one the gateway
 * does not accept (415). A list of several encodings is not accepted either: no client needs it.
 */
export function decoderFor(contentEncoding: string | undefined): (() => Transform) | null | undefined {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return null;
  return DECODERS[encoding];
}

/**
 * Streams a request body into `sink`, decoded, counting decoded bytes against the limit and wire
 * bytes against the minimum rate. On a problem the body stops flowing and `onProblem` is called once;
 * the caller answers the client and drops the sink. Back-pressure from the sink pauses the client,
 * and time spent paused is not the client's: only time the gateway was ready to read counts.
 */
export function pipeBody(
  req: Readable,
  decoder: Transform | null,
  sink: Writable,
  limits: BodyLimits,
  onProblem: (problem: BodyProblem) => void,
): void {
  const started = Date.now();
  let pausedMs = 0;
  let pausedAt: number | undefined;
  const readingMs = (): number => Date.now() - started - pausedMs - (pausedAt === undefined ? 0 : Date.now() - pausedAt);
  const decoded: Readable = decoder ?? req;
  const pause = (): void => {
    pausedAt ??= Date.now();
    decoded.pause();
  };
  const resume = (): void => {
    if (pausedAt !== undefined) pausedMs += Date.now() - pausedAt;
    pausedAt = undefined;
    decoded.resume();
  };
  let wireBytes = 0;
  let bodyBytes = 0;
  let settled = false;
  const settle = (problem?: BodyProblem): void => {
    if (settled) return;
    settled = true;
    clearInterval(rateCheck);
    if (!problem) return void sink.end();
    req.removeAllListeners('data');
    decoder?.destroy();
    onProblem(problem);
  };
  const rateCheck = setInterval(
    () => {
      const elapsed = readingMs();
      if (elapsed >= limits.graceMs && (wireBytes * 1000) / elapsed < limits.minBytesPerSecond) settle('too_slow');
    },
    Math.min(250, limits.graceMs),
  );
  rateCheck.unref();
  // once the client has sent everything it is no longer the slow one
  req.once('end', () => clearInterval(rateCheck));

  if (decoder) {
    // the decoder's own back-pressure is CPU, not the client: it pauses the client without counting
    req.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (!decoder.write(chunk)) req.pause();
    });
    decoder.on('drain', () => req.resume());
    req.on('end', () => decoder.end());
    decoder.on('error', () => settle('undecodable'));
  }
  decoded.on('data', (chunk: Buffer) => {
    if (!decoder) wireBytes += chunk.length;
    bodyBytes += chunk.length;
    if (bodyBytes > limits.maxBytes) return settle('too_large');
    if (!sink.write(chunk)) pause();
  });
  sink.on('drain', resume);
  decoded.on('end', () => settle());
  if (req.readableEnded) {
    if (decoder) decoder.end();
    else settle();
  }
}
