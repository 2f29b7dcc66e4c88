import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, request, type ClientRequest, type OutgoingHttpHeaders } from 'node:http';
import { InternalClient, guardRequest } from '@onescale/platform';
import { GatewayConfig } from '../gateway.config';
import type { UpstreamApp } from '../routes/route-spec';

/** Why an app could not answer: it refused or never accepted the connection, or went silent. */
export class UpstreamError extends Error {
  constructor(
    readonly app: UpstreamApp,
    readonly kind: 'unavailable' | 'timeout',
    readonly reason: string,
  ) {
    super(`${app} is ${kind === 'timeout' ? 'not answering' : 'unavailable'} (${reason})`);
  }
}

export interface Upstream {
  readonly app: UpstreamApp;
  readonly url: URL;
  /** Proxied client requests. */
  readonly agent: Agent;
  /**
   * The gateway's own small lookups (a group's lineage, a quota, readiness) through the app's internal
   * routes, on a separate, smaller pool, so clients' uploads holding every proxy socket cannot starve
   * the lookups other tenants' requests need.
   */
  readonly lookups: Agent;
  readonly internal: InternalClient;
}

/**
 * The five apps behind the gateway, each with a keep-alive connection pool, and a way to open a
 * request with a connect timeout (down → fails fast) and an idle timeout (silent → fails, never hangs).
 */
@Injectable()
export class Upstreams implements OnApplicationShutdown {
  private readonly upstreams: Record<UpstreamApp, Upstream>;

  constructor(private readonly config: GatewayConfig) {
    const make = (app: UpstreamApp, url: string): Upstream => {
      // Free sockets expire before Node's default 5 s server keep-alive, so a reused socket is rarely one the app just closed.
      const lookups = new Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 4000, scheduling: 'lifo' });
      return {
        app,
        url: new URL(url),
        agent: new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 4000, scheduling: 'lifo' }),
        lookups,
        internal: new InternalClient({
          app,
          baseUrl: url,
          token: config.INTERNAL_TOKEN,
          agent: lookups,
          connectTimeoutMs: config.UPSTREAM_CONNECT_TIMEOUT_MS,
        }),
      };
    };
    this.upstreams = {
      ingest: make('ingest', config.INGEST_URL),
      metrics: make('metrics', config.METRICS_URL),
      quota: make('quota', config.QUOTA_URL),
      archiver: make('archiver', config.ARCHIVER_URL),
      notifier: make('notifier', config.NOTIFIER_URL),
    };
  }

  get(app: UpstreamApp): Upstream {
    return this.upstreams[app];
  }

  all(): Upstream[] {
    return Object.values(this.upstreams);
  }

  /** Opens a proxied request; `onError` receives exactly one UpstreamError if it fails before or while answering. */
  open(
    app: UpstreamApp,
    method: string,
    path: string,
    headers: OutgoingHttpHeaders,
    onError: (error: UpstreamError) => void,
  ): ClientRequest {
    const { url, agent } = this.upstreams[app];
    const idleTimeoutMs = this.config.UPSTREAM_TIMEOUT_MS;
    const req = request({ host: url.hostname, port: url.port || 80, method, path, headers, agent });
    guardRequest(
      req,
      {
        connectTimeoutMs: this.config.UPSTREAM_CONNECT_TIMEOUT_MS,
        idleTimeoutMs,
        noConnection: () => new UpstreamError(app, 'unavailable', `no connection in ${this.config.UPSTREAM_CONNECT_TIMEOUT_MS} ms`),
        silent: () => new UpstreamError(app, 'timeout', `silent for ${idleTimeoutMs} ms`),
        socketError: (error) => new UpstreamError(app, 'unavailable', error.code ?? error.message),
      },
      onError,
    );
    return req;
  }

  onApplicationShutdown(): void {
    for (const upstream of this.all()) {
      upstream.agent.destroy();
      upstream.lookups.destroy();
    }
  }
}
