import type { NextFunction, Response } from 'express';
import { findJsonFault } from '@onescale/ontology';
import { MAX_BODY_DEPTH } from '@onescale/platform';
import type { GatewayRequest } from '../gateway-request';

/** Routes the gateway reads itself take small JSON bodies: a group to create, a key role. */
export const SMALL_JSON_LIMIT = 64 * 1024;

/**
 * Reads a small JSON body without judging it: a malformed or oversized body is recorded and
 * reported only after the caller is authenticated (a request without a key gets 401, not 400).
 */
export function smallJson(req: GatewayRequest, _res: Response, next: NextFunction): void {
  if (Number(req.headers['content-length'] ?? 0) > SMALL_JSON_LIMIT) {
    req.readBody = { raw: Buffer.alloc(0), problem: 'payload_too_large' };
    req.resume();
    return next();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > SMALL_JSON_LIMIT) {
      req.off('data', onData);
      req.off('end', onEnd);
      req.readBody = { raw: Buffer.alloc(0), problem: 'payload_too_large' };
      req.resume();
      return next();
    }
    chunks.push(chunk);
  };
  const onEnd = (): void => {
    const raw = Buffer.concat(chunks);
    req.readBody = parse(raw);
    req.body = req.readBody.value;
    next();
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', next);
}

/** Parsed, and refused when nested deeper than any body may be: the validation pipe recurses. */
function parse(raw: Buffer): { raw: Buffer; value?: unknown; problem?: 'malformed_json' | 'too_deep' } {
  if (raw.length === 0) return { raw, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return { raw, problem: 'malformed_json' };
  }
  return findJsonFault(value, '', MAX_BODY_DEPTH) ? { raw, problem: 'too_deep' } : { raw, value };
}
