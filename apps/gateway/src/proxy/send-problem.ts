import type { Request, Response } from 'express';
import { ProblemException, toProblem } from '@onescale/platform';
import type { UpstreamError } from './upstreams';

/**
 * Answers with problem details outside Nest's exception flow (the proxy writes responses itself). The
 * connection closes after it when asked, or when the request's body has not all arrived (as with
 * ProblemDetailsFilter): nothing will read the rest.
 */
export function sendProblem(req: Request, res: Response, problem: ProblemException, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = toProblem(problem, req.originalUrl);
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  if (close || !req.complete) res.setHeader('connection', 'close');
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** 503 with Retry-After when an app is down; 504 when it stopped answering. */
export const upstreamProblem = (error: UpstreamError): ProblemException =>
  error.kind === 'timeout'
    ? new ProblemException(
        504,
        'upstream_timeout',
        `${error.message}; the request may or may not have been applied: retry with the same Idempotency-Key`,
        undefined,
        { app: error.app },
      )
    : new ProblemException(
        503,
        'service_unavailable',
        `${error.message}; retry shortly`,
        undefined,
        { app: error.app },
        { 'retry-after': '2' },
      );

export const payloadTooLarge = (limit: number, limitText: string): ProblemException =>
  new ProblemException(
    413,
    'payload_too_large',
    `request body exceeds the limit of ${limit} bytes (${limitText}); split the batch`,
    undefined,
    { limit },
  );

export const unsupportedEncoding = (encoding: string): ProblemException =>
  new ProblemException(
    415,
    'unsupported_encoding',
    `Content-Encoding "${encoding.slice(0, 64)}" is not accepted; send gzip, deflate, br or an uncompressed body`,
  );

export const undecodableBody = (encoding: string): ProblemException =>
  new ProblemException(400, 'malformed_body', `the request body is not valid ${encoding.slice(0, 64)} data`, [
    { path: '', message: `not decodable as ${encoding.slice(0, 64)}` },
  ]);

/** 408: a body that trickles holds a connection and an upstream socket for nothing. */
export const bodyTooSlow = (minBytesPerSecond: number): ProblemException =>
  new ProblemException(
    408,
    'request_timeout',
    `the request body arrived slower than ${minBytesPerSecond} bytes per second; send it at once`,
  );
