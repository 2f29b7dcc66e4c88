import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { toProblem } from './problem-details.filter';
import { ProblemException } from './problem';

/**
 * JSON bodies with an explicit size limit. Malformed JSON and oversized bodies become problem
 * details (400, 413) before any handler runs.
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] })];
}

export const bodyErrors: ErrorRequestHandler = (error, req, res, next) => {
  if (!error || typeof error !== 'object' || !('type' in error)) return next(error);
  const type = String((error as { type: string }).type);
  let problem: ProblemException;
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    problem = new ProblemException(413, 'payload_too_large', `request body exceeds the limit of ${limit} bytes`, undefined, { limit });
  } else if (type === 'entity.parse.failed') {
    problem = new ProblemException(400, 'malformed_json', `request body is not valid JSON: ${(error as Error).message}`, [
      { path: '', message: 'malformed JSON' },
    ]);
  } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    problem = new ProblemException(415, 'unsupported_encoding', (error as Error).message);
  } else {
    problem = new ProblemException(400, 'bad_request', (error as Error).message);
  }
  const body = toProblem(problem, req.originalUrl);
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
};
