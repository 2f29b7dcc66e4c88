import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { findJsonFault, MAX_JSON_DEPTH } from '@onescale/ontology';
import { toProblem } from './problem-details.filter';
import { ProblemException } from './problem';

/**
 * Deepest request body accepted at all. Values inside it (an item's properties, a group's settings)
 * have their own 32-level limit, checked by their validators as that item's problem; a body deeper
 * than twice that can only be abuse, and is refused before the validation pipe, the idempotency hash
 * or anything else recursive (class-transformer, JSON.stringify) touches it.
 */
export const MAX_BODY_DEPTH = 2 * MAX_JSON_DEPTH;

/**
 * JSON bodies with an explicit size limit. Malformed JSON, oversized and too deeply nested bodies
 * become problem details (400, 413) before any handler runs.
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] }), refuseDeepBodies];
}

/** JSON.parse is iterative; this walk is too, so a body nested 1,000,000 levels deep costs a loop. */
const refuseDeepBodies: RequestHandler = (req, res, next) => {
  const fault = req.body === undefined ? undefined : findJsonFault(req.body, '', MAX_BODY_DEPTH);
  if (!fault) return next();
  const message = `request body is nested deeper than ${MAX_BODY_DEPTH} levels`;
  sendProblem(req, res, new ProblemException(400, 'too_deep', message, [{ path: fault.path.replace(/^\./, '').slice(0, 200), message }]));
};

const sendProblem = (req: Request, res: Response, problem: ProblemException): void => {
  const body = toProblem(problem, req.originalUrl);
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
};

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
  sendProblem(req, res, problem);
};
