import { createServer, type Server } from 'node:net';

const { listeningInodes, portHolder, describeHolder } = require('./listeners') as {
  listeningInodes(procNetTcp: string, port: number): string[];
  portHolder(port: number): { pid: number | null; command: string | null } | null;
  describeHolder(holder: { pid: number | null; command: string | null } | null): string;
};

// /proc/net/tcp as Linux prints it: a listener on 127.0.0.1:9092 (0x2384), an established
// connection from that port, and a listener on another port.
const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 24935 1 0000000062e93312 100 0 0 10 0
   1: 0100007F:2384 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 31337 1 0000000062e93312 20 4 30 10 -1
   2: 00000000:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1081 1 000000006ceb0b69 100 0 0 10 0
`;

describe('listeningInodes', () => {
  it('finds the listening socket of a port, not its connections', () => {
    expect(listeningInodes(PROC_NET_TCP, 9092)).toEqual(['24935']);
    expect(listeningInodes(PROC_NET_TCP, 7000)).toEqual(['1081']);
  });

  it('finds nothing for a free port or an empty table', () => {
    expect(listeningInodes(PROC_NET_TCP, 27017)).toEqual([]);
    expect(listeningInodes('', 9092)).toEqual([]);
  });
});

describe('portHolder', () => {
  let server: Server;
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('names the process listening on a port (this one)', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const holder = portHolder(port);
    expect(holder?.pid).toBe(process.pid);
    expect(describeHolder(holder)).toMatch(new RegExp(`^pid ${process.pid} \\(.*node`));
  });
});

describe('describeHolder', () => {
  it('shortens long command lines and admits an invisible holder', () => {
    expect(describeHolder({ pid: 7, command: `java ${'-cp x '.repeat(40)}` })).toHaveLength('pid 7 ('.length + 118 + 1);
    expect(describeHolder({ pid: null, command: null })).toBe('a process this user cannot see');
  });
});
