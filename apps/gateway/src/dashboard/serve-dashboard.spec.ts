import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express from 'express';
import request from 'supertest';
import { serveDashboard } from './serve-dashboard';

describe('serveDashboard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>onescale</title>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  // files that must never be served from these paths, whatever the build holds
  mkdirSync(join(dir, 'v1'));
  writeFileSync(join(dir, 'v1', 'x'), 'leak');
  writeFileSync(join(dir, 'health'), 'leak');

  const app = express();
  serveDashboard({ use: (handler: express.Handler) => app.use(handler) } as unknown as INestApplication, dir);
  app.use((req, res) => void res.status(418).send(`api ${req.path}`));

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the page at / with a strict content security policy and no caching', async () => {
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>onescale</title>');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets as immutable', async () => {
    const res = await request(app).get('/assets/index-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/v1/x', '/health', '/docs', '/metrics', '/assets/missing.js'])('passes %s on to the application', async (path) => {
    const res = await request(app).get(path);
    expect([res.status, res.text]).toEqual([418, `api ${path}`]);
  });

  it('leaves writes to the application', async () => {
    expect((await request(app).post('/')).status).toBe(418);
  });
});
