import { request, type Agent, type ClientRequest, type IncomingMessage, type IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { INTERNAL_HEADERS, type InternalRoute } from '@onescale/ontology';
import { guardRequest } from './guard-request';
import { InternalCallError } from './internal-call-error';

export interface InternalClientOptions {
  /** The app called, as errors and problems name it. */
  readonly app: string;
  readonly baseUrl: string;
  readonly token: string;
  /** Longest silence before a call fails (default 5 s). */
  readonly timeoutMs?: number;
  /** Longest wait for a connection (default: `timeoutMs`), so an app that is down fails fast. */
  readonly connectTimeoutMs?: number;
  /** Tries of a retry-safe call that got no answer, or a 429/502/503/504 (default 3). */
  readonly attempts?: number;
  /** The pause before the second try; each later one is four times longer (default 100 ms). */
  readonly backoffMs?: number;
  /** A keep-alive pool of the caller's (default: Node's global agent). */
  readonly agent?: Agent;
}

export type CallInput<Params, Request> = (Params extends void ? { readonly params?: undefined } : { readonly params: Params }) &
  (Request extends void ? { readonly body?: undefined } : { readonly body: Request }) & { readonly timeoutMs?: number };

/** A pause the app asks for that is longer than this is left to the caller's caller. */
const MAX_PAUSE_MS = 1000;
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

const retryAfterSeconds = (headers: IncomingHttpHeaders): number | undefined => {
  const value = headers['retry-after'];
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.ceil((Date.parse(value) - Date.now()) / 1000);
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
};

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: text ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    return { ok: false };
  }
};

const readAll = async (res: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The one way an app calls another's internal API (routes declared in `@onescale/ontology`): it sends
 * the internal token, bounds the wait for a connection and every silence, sends a retry-safe call
 * again with backoff when no answer came, and fails with an InternalCallError whose kind tells an HTTP
 * caller which problem to answer and a consumer whether to retry or dead-letter.
 */
export class InternalClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: InternalClientOptions) {
    this.base = new URL(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? this.timeoutMs;
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 100;
  }

  get app(): string {
    return this.options.app;
  }

  /** A JSON call: the answer, or null for a status the route declares as "no such thing". */
  call<P, Req, Ans>(route: InternalRoute<P, Req, Ans>, input: CallInput<P, Req>): Promise<Ans> {
    return this.withRetries(route.retrySafe, () => this.once(route, input));
  }

  /**
   * A streamed answer, read at the caller's pace (so silence while the caller is busy is not held
   * against the app once the answer started); null for a "no such thing" status.
   */
  stream<P, Req>(
    route: InternalRoute<P, Req, AsyncIterable<Uint8Array> | null>,
    input: CallInput<P, Req>,
  ): Promise<AsyncIterable<Uint8Array> | null> {
    return this.withRetries(route.retrySafe, () => this.openStream(route, input));
  }

  private async withRetries<T>(retrySafe: boolean, attempt: () => Promise<T>): Promise<T> {
    const attempts = retrySafe ? this.attempts : 1;
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof InternalCallError) || !error.retryable || n >= attempts) throw error;
        const pause = Math.max(this.backoffMs * 4 ** (n - 1), (error.facts.retryAfterSeconds ?? 0) * 1000);
        if (pause > MAX_PAUSE_MS) throw error;
        await sleep(pause);
      }
    }
  }

  private once<P, Req, Ans>(route: InternalRoute<P, Req, Ans>, input: CallInput<P, Req>): Promise<Ans> {
    return new Promise((resolve, reject) => {
      const req = this.open(route, input, reject);
      req.on('response', (res: IncomingMessage) => this.settle(route, input, res, resolve, reject));
    });
  }

  private openStream<P, Req>(
    route: InternalRoute<P, Req, AsyncIterable<Uint8Array> | null>,
    input: CallInput<P, Req>,
  ): Promise<AsyncIterable<Uint8Array> | null> {
    return new Promise((resolve, reject) => {
      const req = this.open(route, input, reject);
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 500;
        if (status < 200 || status >= 300) return this.settle(route, input, res, resolve, reject);
        req.setTimeout(0);
        resolve(res);
      });
    });
  }

  /** Reads a whole answer and resolves with what it means for the route, or rejects with why it cannot be used. */
  private settle<P, Req, Ans>(
    route: InternalRoute<P, Req, Ans>,
    input: CallInput<P, Req>,
    res: IncomingMessage,
    resolve: (answer: Ans) => void,
    reject: (error: unknown) => void,
  ): void {
    const name = this.nameOf(route, input);
    readAll(res).then(
      (text) => {
        try {
          resolve(this.answerOf(route, name, res, text));
        } catch (error) {
          reject(error);
        }
      },
      (error: NodeJS.ErrnoException) => reject(this.noAnswer(name, error.code ?? error.message)),
    );
  }

  /** Sends the request; `onError` receives exactly one InternalCallError if no answer comes. */
  private open<P, Req>(
    route: InternalRoute<P, Req, unknown>,
    input: CallInput<P, Req>,
    onError: (error: InternalCallError) => void,
  ): ClientRequest {
    const name = this.nameOf(route, input);
    const body = input.body === undefined ? undefined : Buffer.from(JSON.stringify(input.body));
    const req = request({
      host: this.base.hostname,
      port: this.base.port || 80,
      method: route.method,
      path: `${this.base.pathname.replace(/\/$/, '')}${route.path(input.params as P)}`,
      agent: this.options.agent,
      headers: {
        accept: 'application/json',
        [INTERNAL_HEADERS.token]: this.options.token,
        ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}),
      },
    });
    const timeoutMs = input.timeoutMs ?? this.timeoutMs;
    guardRequest(
      req,
      {
        connectTimeoutMs: this.connectTimeoutMs,
        idleTimeoutMs: timeoutMs,
        noConnection: () => this.noAnswer(name, `no connection in ${this.connectTimeoutMs} ms`),
        silent: () => new InternalCallError(this.app, 'transient', `${name}: silent for ${timeoutMs} ms`, { timedOut: true }),
        socketError: (error) => this.noAnswer(name, error.code ?? error.message, error.code),
      },
      onError,
    );
    req.end(body);
    return req;
  }

  private answerOf<P, Req, Ans>(route: InternalRoute<P, Req, Ans>, name: string, res: IncomingMessage, text: string): Ans {
    const status = res.statusCode ?? 500;
    if (route.missing?.includes(status)) return null as Ans;
    const parsed = parseJson(text);
    if (status < 200 || status >= 300) {
      const kind = TRANSIENT_STATUSES.has(status) ? 'transient' : 'status';
      const answer = parsed.ok ? parsed.value : text.slice(0, 200);
      throw new InternalCallError(this.app, kind, `${name}: answered ${status}`, {
        status,
        retryAfterSeconds: retryAfterSeconds(res.headers),
        answer,
      });
    }
    if (!parsed.ok)
      throw new InternalCallError(this.app, 'permanent', `${name}: answered ${status} with a body that is not JSON`, { status });
    const unfit = route.unfit?.(parsed.value);
    if (unfit)
      throw new InternalCallError(this.app, 'permanent', `${name}: answered ${status} with an unexpected body: ${unfit}`, { status });
    return parsed.value as Ans;
  }

  private noAnswer(name: string, reason: string, code?: string): InternalCallError {
    return new InternalCallError(this.app, 'transient', `${name}: no answer (${reason})`, code ? { code } : {});
  }

  private nameOf<P, Req>(route: InternalRoute<P, Req, unknown>, input: CallInput<P, Req>): string {
    return `${this.app} ${route.method} ${route.path(input.params as P).split('?')[0]}`;
  }
}
