import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { INTERNAL_HEADERS } from '@onescale/ontology';
import type { Caller } from '../auth/caller';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and what must never cross the gateway from a client. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'authorization', 'cookie', 'expect']);
const INTERNAL_PREFIX = 'x-onescale-';

/**
 * Headers of a request as an internal app receives it: the client's own minus credentials,
 * hop-by-hop headers and anything claiming to be internal (a client cannot spoof the caller), plus
 * the internal credential and who is calling.
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  caller: Caller,
  internalToken: string,
  clientAddress?: string,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name) || name.startsWith(INTERNAL_PREFIX)) continue;
    out[name] = value;
  }
  out[INTERNAL_HEADERS.token] = internalToken;
  out[INTERNAL_HEADERS.keyId] = caller.keyId;
  out[INTERNAL_HEADERS.callerGroupId] = caller.kind === 'platform' ? 'platform' : caller.groupId;
  out[INTERNAL_HEADERS.role] = caller.kind === 'platform' ? 'admin' : caller.role;
  if (clientAddress) {
    const prior = headers['x-forwarded-for'];
    out['x-forwarded-for'] = prior ? `${String(prior)}, ${clientAddress}` : clientAddress;
  }
  return out;
}

/** Headers of an app's response as the client receives it (framing is the gateway's own). */
export function clientResponseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  return out;
}
