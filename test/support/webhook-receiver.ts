import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got, with what it checked. */
export interface Received {
  readonly path: string;
  readonly at: number;
  readonly body: any;
  readonly raw: string;
  /** Whether `Onescale-Signature` is the HMAC of "t.body" with the path's secret, and t is within 5 min. */
  readonly signatureValid: boolean;
  readonly signatureTime: number;
  /** The status it answered. */
  readonly answered: number;
}

export interface WebhookReceiver {
  readonly url: (path: string) => string;
  readonly received: Received[];
  /** The secret to check the signatures of deliveries to `path` with. */
  secretFor(path: string, secret: string): void;
  close(): Promise<void>;
}

/** Checks a Stripe-style signature header as a receiver would (constant-time compare, 5 min tolerance). */
export const verifySignature = (
  header: string | undefined,
  raw: string,
  secret: string,
  now = Date.now(),
): { valid: boolean; t: number } => {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  const expected = createHmac('sha256', secret).update(`${parts.t}.${raw}`).digest();
  const valid =
    Number.isInteger(t) && Math.abs(now / 1000 - t) < 300 && given.length === expected.length && timingSafeEqual(given, expected);
  return { valid, t };
};

/**
 * A local HTTP endpoint for webhook tests. `answer` picks the status of each request from the
 * delivery id and how many times that id came before (e.g. 500 for the first two, then 200);
 * `delayMs` holds each answer back, as a receiver doing work would.
 */
export async function startWebhookReceiver(
  answer: (id: string, seenBefore: number) => number = () => 200,
  delayMs = 0,
): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const secrets = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const path = req.url ?? '/';
      const { valid, t } = verifySignature(req.headers['onescale-signature'] as string | undefined, raw, secrets.get(path) ?? '');
      const id = String(body?.id);
      const status = answer(id, received.filter((r) => r.body?.id === id).length);
      received.push({ path, at: Date.now(), body, raw, signatureValid: valid, signatureTime: t, answered: status });
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    secretFor: (path, secret) => void secrets.set(path, secret),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
