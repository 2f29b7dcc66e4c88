import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { limitSlowClients } from './slow-clients';

/** Sends a request line, then one more header line every 100 ms; resolves with what came back and when the server closed. */
function trickleHeaders(port: number): Promise<{ answer: string; afterMs: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    let n = 0;
    const drip = setInterval(() => !socket.destroyed && socket.write(`X-${n++}: y\r\n`), 100);
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ answer, afterMs: Date.now() - started });
    });
  });
}

describe('limitSlowClients', () => {
  it('answers 408 and closes a connection whose headers trickle past the limit', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    limitSlowClients(server, { headersTimeoutMs: 600, checkEveryMs: 100 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    const { answer, afterMs } = await trickleHeaders((server.address() as AddressInfo).port).finally(() => server.close());

    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // Node's defaults would keep it for 60 to 90 s.
    expect(afterMs).toBeGreaterThanOrEqual(600);
    expect(afterMs).toBeLessThan(3000);
  });
});
