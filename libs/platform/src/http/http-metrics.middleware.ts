import type { NextFunction, Request, Response } from 'express';
import { httpRequestSeconds } from '../observability/metrics';

/** Records latency per route template and final status (never per raw URL: ids would explode the labels). */
export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const stop = httpRequestSeconds.startTimer();
  res.once('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    stop({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
}
