import { createHmac } from 'node:crypto';

/** The header every delivery carries (the Stripe-style scheme of SPEC §5). */
export const SIGNATURE_HEADER = 'Onescale-Signature';

/** `t=<epoch seconds>,v1=<hex HMAC-SHA256 of "t.body">`: the timestamp is signed too, so a replay can be told by its age. */
export const signature = (secret: string, body: string, epochSeconds: number): string =>
  `t=${epochSeconds},v1=${createHmac('sha256', secret).update(`${epochSeconds}.${body}`).digest('hex')}`;
