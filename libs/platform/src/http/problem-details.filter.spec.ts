import 'reflect-metadata';
import { request } from 'node:http';
import { connect } from 'node:net';
import { Controller, Get, Module, Post, Res, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Response } from 'express';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ProblemException } from './problem';

const outage = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' });

/** Sends the head and a first line, and lets them leave the process. */
async function firstLine(res: Response): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  res.write('{"n":1}\n');
  await new Promise((resolve) => setTimeout(resolve, 20));
}

@Controller()
class AnswersController {
  @Get('refused')
  refused(): never {
    throw new ProblemException(429, 'too_many_writes', 'Too many writes in flight', undefined, {}, { 'Retry-After': '1' });
  }

  /** Refuses without reading the body (as a guard does). */
  @Post('refused')
  refusedWrite(): never {
    throw new ProblemException(403, 'forbidden', 'Not this key');
  }

  @Get('outage')
  outage(): never {
    throw outage();
  }

  /** Part of a stream is out when the handler fails: with a bug, and with a dependency outage. */
  @Get('half/bug')
  async halfBug(@Res() res: Response): Promise<never> {
    await firstLine(res);
    throw new TypeError('x is undefined');
  }

  @Get('half/outage')
  async halfOutage(@Res() res: Response): Promise<never> {
    await firstLine(res);
    throw outage();
  }
}

@Module({ controllers: [AnswersController] })
class AnswersModule {}

/** How a raw HTTP client sees an answer: its status, what arrived, and whether the transfer completed. */
function fetchRaw(url: string): Promise<{ status: number; body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, complete: res.complete }));
      res.on('aborted', () => resolve({ status: res.statusCode!, body, complete: false }));
      res.on('error', () => resolve({ status: res.statusCode!, body, complete: false }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('the answer neither completed nor broke within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

describe('ProblemDetailsFilter (a Nest app on a real socket)', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(AnswersModule, { logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(() => app.close());

  it('answers a problem with its headers', async () => {
    const res = await fetch(`${url}/refused`);
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '1']);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 429, code: 'too_many_writes' });
  });

  it('closes the connection after refusing a request whose body has not arrived', async () => {
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // Announces 100,000 bytes, sends one, then keeps trickling as a slow client would.
    socket.write('POST /refused HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n{');
    const trickle = setInterval(() => !socket.destroyed && socket.write(' '), 50);
    const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open'), 3000))]);
    clearInterval(trickle);
    socket.destroy();
    expect(outcome).toBe('closed');
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer.toLowerCase()).toContain('connection: close');
  });

  it('keeps the connection of a refused request that arrived whole', async () => {
    const res = await fetch(`${url}/refused`);
    expect(res.status).toBe(429);
    expect(res.headers.get('connection')).toBe('keep-alive');
  });

  it('answers an outage with 503 and Retry-After', async () => {
    const res = await fetch(`${url}/outage`);
    expect([res.status, res.headers.get('retry-after')]).toEqual([503, '2']);
  });

  it.each(['bug', 'outage'])('cuts a transfer that fails half way (%s): the client sees it broken at once', async (kind) => {
    const seen = await fetchRaw(`${url}/half/${kind}`);
    expect(seen).toEqual({ status: 200, body: '{"n":1}\n', complete: false });
    // The server is unharmed.
    expect((await fetch(`${url}/refused`)).status).toBe(429);
  });
});
