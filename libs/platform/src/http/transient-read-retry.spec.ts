import 'reflect-metadata';
import { Controller, Get, Module, Post, Res, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Response } from 'express';
import { ProblemDetailsFilter } from './problem-details.filter';
import { READ_RETRIES, TransientReadRetry } from './transient-read-retry';

/** What FerretDB answers while SQLite's schema changes under a statement. */
const schemaChanged = (): Error =>
  Object.assign(new Error('[collection.go:94 sqlite.(*collection).Query] database schema has changed (17)'), { name: 'MongoServerError' });

const calls: Record<string, number> = {};
const count = (route: string): number => (calls[route] = (calls[route] ?? 0) + 1);

@Controller()
class FlakyController {
  @Get('flaky')
  flaky(): { ok: true } {
    if (count('flaky') <= READ_RETRIES) throw schemaChanged();
    return { ok: true };
  }

  @Get('always')
  always(): never {
    count('always');
    throw schemaChanged();
  }

  @Post('write')
  write(): never {
    count('write');
    throw schemaChanged();
  }

  @Get('bug')
  bug(): never {
    count('bug');
    throw new TypeError('x is undefined');
  }

  @Get('streamed')
  async streamed(@Res() res: Response): Promise<never> {
    count('streamed');
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write('{"n":1}\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    throw schemaChanged();
  }
}

@Module({ controllers: [FlakyController] })
class FlakyModule {}

describe('TransientReadRetry (a Nest app on a real socket)', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(FlakyModule, { logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    app.useGlobalInterceptors(new TransientReadRetry());
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(() => app.close());
  beforeEach(() => Object.keys(calls).forEach((k) => delete calls[k]));

  it('answers a read that met a transient store state once it succeeds', async () => {
    const res = await fetch(`${url}/flaky`);
    expect([res.status, await res.json()]).toEqual([200, { ok: true }]);
    expect(calls.flaky).toBe(READ_RETRIES + 1);
  });

  it('gives up after its retries with a 503 to retry later', async () => {
    const res = await fetch(`${url}/always`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(calls.always).toBe(READ_RETRIES + 1);
  });

  it('never repeats a write, a bug, or a read that already sent part of its answer', async () => {
    expect((await fetch(`${url}/write`, { method: 'POST' })).status).toBe(503);
    expect((await fetch(`${url}/bug`)).status).toBe(500);
    // Its transfer is cut (problem-details.filter.spec.ts), not repeated.
    await expect((await fetch(`${url}/streamed`)).text()).rejects.toThrow();
    expect(calls).toEqual({ write: 1, bug: 1, streamed: 1 });
  });
});
