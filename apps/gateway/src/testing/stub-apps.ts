import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTERNAL_HEADERS, type Group } from '@onescale/ontology';

export interface EchoedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Plays the four apps behind the gateway on one port for the gateway's own integration tests (the
 * real apps are exercised end to end in test/*.e2e-spec.ts): a group registry, api-call readings,
 * and an echo of every other request, refusing calls without the internal credential.
 */
export class StubApps {
  readonly groups = new Map<string, Group>();
  readonly apiCalls = new Map<string, { used: number; limit: number | null; resetAt: number }>();
  readonly received: EchoedRequest[] = [];
  private server?: Server;

  constructor(private readonly internalToken: string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  addGroup(id: string, parentGroupId?: string): Group {
    const parent = parentGroupId ? this.groups.get(parentGroupId) : undefined;
    const group: Group = {
      id,
      slug: id,
      name: id,
      type: 'business',
      ...(parentGroupId ? { parentGroupId } : {}),
      rootGroupId: parent?.rootGroupId ?? id,
      plan: 'pro',
      status: 'active',
      settings: {},
      createdAt: 1,
      updatedAt: 1,
    };
    this.groups.set(id, group);
    return group;
  }

  async start(port = 0): Promise<this> {
    // A request the gateway aborts (a body over its limit) just ends here.
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body?: unknown): void => {
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.url === '/ready') return send(200, { status: 'ready' });
    if (req.headers[INTERNAL_HEADERS.token] !== this.internalToken) return send(401, { code: 'unauthenticated' });
    const group = /^\/internal\/groups\/([^/?]+)$/.exec(req.url ?? '');
    if (group) {
      const found = this.groups.get(decodeURIComponent(group[1]!));
      return found ? send(200, found) : send(404, { code: 'group_not_found' });
    }
    const calls = /^\/internal\/api-calls\/([^/?]+)$/.exec(req.url ?? '');
    if (calls) {
      const reading = this.apiCalls.get(decodeURIComponent(calls[1]!));
      return reading ? send(200, reading) : send(404, { code: 'not_found' });
    }
    if (req.url?.includes('/hang')) return; // never answers
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of req) {
      bytes += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
      if (bytes < 1e6) chunks.push(chunk as Buffer);
    }
    const echoed: EchoedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes, sha256: hash.digest('hex') };
    this.received.push(echoed);
    if (req.method === 'POST' && req.url === '/v1/groups') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string; parentGroupId?: string };
      if (body.parentGroupId && !this.groups.has(body.parentGroupId)) return send(404, { code: 'group_not_found' });
      return send(201, { group: this.addGroup(`${body.name}-${this.groups.size + 1}`, body.parentGroupId) });
    }
    send(req.url?.includes('/missing') ? 404 : 200, echoed);
  }
}
