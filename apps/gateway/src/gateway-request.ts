import type { Request } from 'express';
import type { Caller } from './auth/caller';
import type { Lineage } from './tenancy/group-lineage';

/** A small JSON body the gateway read itself (routes it must inspect); its problems surface after authentication. */
export interface ReadBody {
  readonly raw: Buffer;
  readonly value?: unknown;
  readonly problem?: 'malformed_json' | 'payload_too_large' | 'too_deep';
}

/** What the access guard learned about a request, for the handler that serves it. */
export interface GatewayRequest extends Request {
  caller?: Caller;
  /** The target group's lineage when the guard resolved it (group keys on group routes). */
  lineage?: Lineage | null;
  readBody?: ReadBody;
  /** An admission the guard let the request go ahead of (a forwarded read): it rejects with the refusal. */
  admission?: Promise<void>;
}

export const callerOf = (req: Request): Caller => {
  const caller = (req as GatewayRequest).caller;
  if (!caller) throw new Error('no caller on the request: the route lacks the access guard');
  return caller;
};
