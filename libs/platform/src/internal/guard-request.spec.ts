import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardRequest } from './guard-request';

const failures = {
  connectTimeoutMs: 1000,
  idleTimeoutMs: 150,
  noConnection: () => 'no connection',
  silent: () => 'silent',
  socketError: (error: NodeJS.ErrnoException) => `socket ${error.code}`,
};

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/** Sends one GET to `port` and collects every failure reported, until the request closes. */
const reportsOf = (port: number): Promise<string[]> =>
  new Promise((resolve) => {
    const reports: string[] = [];
    const req = request({ host: '127.0.0.1', port, path: '/' });
    guardRequest(req, failures, (error) => reports.push(error));
    req.on('close', () => setTimeout(() => resolve(reports), 50));
    req.end();
  });

describe('guardRequest', () => {
  it('reports a silent answer once, as silent', async () => {
    const server = createServer(() => undefined);
    const port = await listen(server);
    try {
      expect(await reportsOf(port)).toEqual(['silent']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('reports a refused connection once, with its code', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    expect(await reportsOf(port)).toEqual(['socket ECONNREFUSED']);
  });

  it('reports nothing for a request that is answered', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    const port = await listen(server);
    try {
      const reports = await new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
          res.resume();
          res.on('end', () => setTimeout(() => resolve(seen), 200));
        });
        guardRequest(req, failures, (error) => seen.push(error));
        req.end();
      });
      expect(reports).toEqual([]);
    } finally {
      server.close();
    }
  });
});
