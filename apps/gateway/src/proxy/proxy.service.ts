import { Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Request, Response } from 'express';
import type { Caller } from '../auth/caller';
import { GatewayConfig } from '../gateway.config';
import { upstreamLatency } from '../gateway.metrics';
import type { UpstreamApp } from '../routes/route-spec';
import { parseByteSize } from './byte-size';
import { clientResponseHeaders, upstreamRequestHeaders } from './forward-headers';
import type { ProblemException } from '@onescale/platform';
import { DEFAULT_GRACE_MS, decoderFor, pipeBody, type BodyLimits } from './request-body';
import { bodyTooSlow, payloadTooLarge, sendProblem, undecodableBody, unsupportedEncoding, upstreamProblem } from './send-problem';
import { Upstreams, type UpstreamError } from './upstreams';

export interface ForwardOptions {
  /** A body the gateway already read (small JSON it had to inspect); otherwise the request streams. */
  readonly body?: Buffer;
  /** Sees the app's answer before the client does; return true to take over the response. */
  readonly intercept?: (upstream: IncomingMessage) => boolean;
  /** Set on the one retry of a bodiless request whose reused keep-alive connection the app had just closed. */
  readonly retried?: boolean;
  /** An admission still being decided (a read sent ahead of it): the app's answer waits; a refusal replaces it. */
  readonly admission?: Promise<void>;
}

/**
 * Forwards a request to the app that owns its route: the body streams through unparsed, decoded
 * when compressed (its decoded bytes counted against BODY_LIMIT, its arrival rate watched), the
 * answer streams back with its status and headers.
 */
@Injectable()
export class ProxyService {
  private readonly log = new Logger('proxy');
  readonly bodyLimit: number;
  private readonly bodyLimits: BodyLimits;

  constructor(
    private readonly config: GatewayConfig,
    private readonly upstreams: Upstreams,
  ) {
    this.bodyLimit = parseByteSize(config.BODY_LIMIT);
    this.bodyLimits = { maxBytes: this.bodyLimit, minBytesPerSecond: config.BODY_MIN_BYTES_PER_SECOND, graceMs: DEFAULT_GRACE_MS };
  }

  forward(app: UpstreamApp, caller: Caller, req: Request, res: Response, options: ForwardOptions = {}): void {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.bodyLimit) return this.tooLarge(req, res);
    const decoder = options.body ? null : decoderFor(req.headers['content-encoding']);
    if (decoder === undefined) return this.refuse(req, res, unsupportedEncoding(String(req.headers['content-encoding'])));
    const headers = upstreamRequestHeaders(req.headers, caller, this.config.INTERNAL_TOKEN, req.socket.remoteAddress);
    if (options.body) {
      headers['content-length'] = String(options.body.length);
      delete headers['transfer-encoding'];
    }
    if (decoder) {
      // the app receives the body decoded, so its own limit counts the same bytes as ours
      delete headers['content-encoding'];
      delete headers['content-length'];
    }
    const stop = upstreamLatency.startTimer({ app });
    let refused = false;
    const { admission } = options;
    /** Runs `then` once the request is admitted; a refusal has been answered by then. */
    const admitted = (then: () => void, otherwise: () => void = () => undefined): void => {
      if (admission) admission.then(then, otherwise);
      else then();
    };
    const onError = (error: UpstreamError): void => admitted(() => failed(error));
    const failed = (error: UpstreamError): void => {
      if (refused) return;
      if (
        !options.retried &&
        upstream.reusedSocket &&
        error.reason === 'ECONNRESET' &&
        (req.method === 'GET' || req.method === 'DELETE') &&
        !res.headersSent
      ) {
        return this.forward(app, caller, req, res, { ...options, retried: true });
      }
      this.log.warn({ msg: 'upstream failed', app, url: req.originalUrl, error: error.message });
      stop({ status: error.kind });
      sendProblem(req, res, upstreamProblem(error));
    };
    const upstream = this.upstreams.open(app, req.method, req.originalUrl, headers, onError);
    admission?.catch((refusal: ProblemException) => {
      if (refused) return;
      refused = true;
      upstream.destroy();
      sendProblem(req, res, refusal);
    });
    upstream.on('response', (answer: IncomingMessage) => {
      stop({ status: String(answer.statusCode) });
      admitted(
        () => {
          if (options.intercept?.(answer)) return;
          res.writeHead(answer.statusCode ?? 502, clientResponseHeaders(answer.headers));
          answer.pipe(res);
          answer.on('error', () => res.destroy());
        },
        () => answer.resume(),
      );
    });
    // A client that goes away stops the work it asked for.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (options.body) {
      upstream.end(options.body);
      return;
    }
    pipeBody(req, decoder && decoder(), upstream, this.bodyLimits, (problem) => {
      refused = true;
      upstream.destroy();
      if (problem === 'too_large') return this.tooLarge(req, res);
      this.refuse(
        req,
        res,
        problem === 'too_slow' ? bodyTooSlow(this.bodyLimits.minBytesPerSecond) : undecodableBody(String(req.headers['content-encoding'])),
      );
    });
  }

  /** 413 before (or instead of) talking to the app; the rest of the body is discarded and the connection closed. */
  private tooLarge(req: Request, res: Response): void {
    this.refuse(req, res, payloadTooLarge(this.bodyLimit, this.config.BODY_LIMIT));
  }

  private refuse(req: Request, res: Response, problem: ProblemException): void {
    sendProblem(req, res, problem, true);
    req.resume();
  }
}
