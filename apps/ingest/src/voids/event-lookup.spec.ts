import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InternalCallError, ProblemException } from '@onescale/platform';
import type { IngestConfig } from '../ingest.config';
import { EventLookup } from './event-lookup';

/** A real HTTP server standing for metrics: every request gets `answer`; it counts them. */
async function metricsAnswering(
  answer: (res: ServerResponse) => void,
): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls++;
    req.resume().on('end', () => answer(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const lookupAt = (url: string) => new EventLookup({ INTERNAL_TOKEN: 'token', METRICS_URL: url, ARCHIVER_URL: url } as IngestConfig);

const rejectionOf = (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('EventLookup while the hot store is behind', () => {
  it("passes metrics' 503 projection_behind on as it came (lag, Retry-After), asking once", async () => {
    const metrics = await metricsAnswering((res) =>
      res
        .writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '2' })
        .end(JSON.stringify({ status: 503, code: 'projection_behind', detail: 'behind (40 records)', lag: 40 })),
    );
    try {
      const error = await rejectionOf(lookupAt(metrics.url).find('g1', 'e1'));
      expect(error).toBeInstanceOf(ProblemException);
      const problem = error as ProblemException;
      expect({
        status: problem.getStatus(),
        code: problem.code,
        detail: problem.message,
        extra: problem.extra,
        headers: problem.headers,
      }).toEqual({
        status: 503,
        code: 'projection_behind',
        detail: 'behind (40 records)',
        extra: { lag: 40 },
        headers: { 'retry-after': '2' },
      });
      expect(metrics.calls()).toBe(1);
    } finally {
      await metrics.close();
    }
  });

  it('leaves any other unavailability to the usual mapping (an InternalCallError)', async () => {
    const metrics = await metricsAnswering((res) =>
      res
        .writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '5' })
        .end(JSON.stringify({ status: 503, code: 'shutting_down' })),
    );
    try {
      const error = await rejectionOf(lookupAt(metrics.url).find('g1', 'e1'));
      expect(error).toBeInstanceOf(InternalCallError);
      expect((error as InternalCallError).kind).toBe('transient');
    } finally {
      await metrics.close();
    }
  });
});
