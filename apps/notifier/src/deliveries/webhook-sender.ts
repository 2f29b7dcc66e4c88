import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isDeliverableAddress } from '@onescale/ontology';

export interface SendOutcome {
  /** The endpoint's status code, or null when no answer came. */
  readonly status: number | null;
  readonly error?: string;
  readonly durationMs: number;
}

/** The most of an answer's body read (then dropped): a receiver cannot make an attempt hold memory. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Resolves the host and refuses private, link-local and (for names other than loopback's own)
 * loopback addresses. The connection goes to the very address checked, so a name cannot resolve to
 * a public address for the check and a private one for the connection.
 */
const checkedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => !isDeliverableAddress(hostname, a.address));
    if (refused !== undefined) {
      return callback(
        Object.assign(new Error(`${hostname} resolves to a refused address (${refused.address})`), { code: 'EREFUSEDADDRESS' }),
        '',
        0,
      );
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** POSTs one signed body; never throws: every failure is an outcome. */
export const sendWebhook = (url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendOutcome> =>
  new Promise((resolve) => {
    const started = performance.now();
    const target = new URL(url);
    const done = (status: number | null, error?: string): void =>
      resolve({ status, ...(error === undefined ? {} : { error }), durationMs: Math.round(performance.now() - started) });
    const options: RequestOptions = {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'onescale-notifier',
        ...headers,
      },
      lookup: checkedLookup,
      timeout: timeoutMs,
    };
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, options, (res) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) res.destroy();
      });
      res.on('close', () => done(res.statusCode ?? null));
      res.on('error', () => undefined);
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`silent for ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      done(null, error.code === 'EREFUSEDADDRESS' ? error.message : (error.code ?? error.message)),
    );
    req.end(body);
  });
