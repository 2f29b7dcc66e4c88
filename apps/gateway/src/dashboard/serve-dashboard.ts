import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import { static as serveStatic, type NextFunction, type Request, type Response } from 'express';

/** dist/dashboard, built by `npm run build` beside dist/apps (this file runs from dist/apps/gateway/src/dashboard). */
export const DEFAULT_DASHBOARD_DIR = resolve(__dirname, '..', '..', '..', '..', 'dashboard');

/**
 * The dashboard's own page may load only its own scripts and styles and talk only to this origin;
 * the API key it holds never leaves for another site.
 */
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** Only the page and its hashed assets: API paths never touch the file system. */
const isDashboardPath = (path: string): boolean =>
  path === '/' || path === '/index.html' || path.startsWith('/assets/') || path === '/favicon.svg';

/**
 * Serves the built dashboard (a static single-page app) at `/`. Routes under /v1, /docs, /health,
 * /ready and /metrics are untouched: the handler passes everything else straight on.
 */
export function serveDashboard(app: INestApplication, dir = DEFAULT_DASHBOARD_DIR): void {
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('dashboard').warn(`no dashboard build in ${dir}; run npm run build to serve it at /`);
    return;
  }
  const files = serveStatic(dir, {
    index: 'index.html',
    redirect: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      if (path.includes(`${join(dir, 'assets')}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else for (const [name, value] of Object.entries(PAGE_HEADERS)) res.setHeader(name, value);
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => (isDashboardPath(req.path) ? files(req, res, next) : next()));
}
