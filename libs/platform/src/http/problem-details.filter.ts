import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { internalCallProblem, InternalCallError } from '../internal/internal-call-error';
import { ProblemException, titleOf } from './problem';
import { isDependencyUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from './unavailable';

/** Every error leaves as `application/problem+json`; unexpected ones are logged and become a 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(thrown: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw thrown;
    const exception = thrown instanceof InternalCallError ? internalCallProblem(thrown) : thrown;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const body = toProblem(exception, request.originalUrl ?? request.url);
    if (body.status >= 500) this.log.error({ msg: 'request failed', url: request.originalUrl, err: exception });
    if (response.headersSent) {
      // Part of the answer is out and no problem can follow it: the transfer is cut, so the client
      // sees it broken (never a short answer taken for the whole, never a wait for more).
      if (!response.writableEnded) response.destroy();
      return;
    }
    // Refused before its body was read (a bad key, an unknown group): the connection closes after the
    // answer, or a client could hold it open for minutes by trickling a body nobody will read.
    if (!request.complete) response.setHeader('Connection', 'close');
    if (exception instanceof ProblemException) for (const [k, v] of Object.entries(exception.headers)) response.setHeader(k, v);
    if (body.code === 'service_unavailable' && !(exception instanceof ProblemException))
      response.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    response.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: ReadonlyArray<{ path: string; message: string }>;
  [extra: string]: unknown;
}

export function toProblem(exception: unknown, instance?: string): ProblemBody {
  if (exception instanceof ProblemException) {
    const status = exception.getStatus();
    return {
      type: `https://onescale.dev/problems/${exception.code}`,
      title: titleOf(status),
      status,
      detail: exception.message,
      code: exception.code,
      instance,
      ...(exception.errors ? { errors: exception.errors } : {}),
      ...exception.extra,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = status === 404 ? 'not_found' : status === 413 ? 'payload_too_large' : status < 500 ? 'bad_request' : 'internal_error';
    return { type: `https://onescale.dev/problems/${code}`, title: titleOf(status), status, detail: exception.message, code, instance };
  }
  if (isDependencyUnavailable(exception)) {
    // MongoDB, Kafka or S3 unreachable: nothing is wrong with the request, so the client may retry it.
    return {
      type: 'https://onescale.dev/problems/service_unavailable',
      title: titleOf(503),
      status: 503,
      detail: 'A service this request needs is unavailable; retry shortly (with the same Idempotency-Key).',
      code: 'service_unavailable',
      instance,
      retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    };
  }
  return {
    type: 'https://onescale.dev/problems/internal_error',
    title: titleOf(500),
    status: 500,
    detail: 'An unexpected error occurred; it has been logged.',
    code: 'internal_error',
    instance,
  };
}
