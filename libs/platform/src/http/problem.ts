import { HttpException } from '@nestjs/common';
import type { Problem } from '@onescale/ontology';

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem: a stable `code`, a human `detail`, and for validation the failing fields. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly errors?: readonly FieldProblem[],
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail, status);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const titleOf = (status: number): string => TITLES[status] ?? 'Error';

/** Maps a domain problem (a value) to the status a client should see. */
const STATUS_OF_CODE: Record<string, number> = {
  not_found: 404,
  group_not_found: 404,
  thing_not_found: 404,
  quota_exceeded: 403,
  forbidden: 403,
  conflict: 409,
  group_inactive: 409,
  slug_taken: 409,
};

export const problemToException = (problem: Problem, status?: number): ProblemException =>
  new ProblemException(
    status ?? STATUS_OF_CODE[problem.code] ?? 400,
    problem.code,
    problem.message,
    problem.path ? [{ path: problem.path, message: problem.message }] : undefined,
  );

export const notFound = (what: string): ProblemException => new ProblemException(404, 'not_found', `${what} not found`);
