import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { tap, type Observable } from 'rxjs';

export const batchItems = new Histogram({
  name: 'onescale_ingest_batch_items',
  help: 'Items per processed batch request, by route',
  labelNames: ['route'] as const,
  buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000],
});

export const itemFailures = new Counter({
  name: 'onescale_ingest_item_failures_total',
  help: 'Batch items refused (partial success), by route and problem code',
  labelNames: ['route', 'code'] as const,
});

interface BatchReply {
  readonly summary?: { readonly total?: number };
  readonly errors?: ReadonlyArray<{ readonly code?: string }>;
}

/** Records one processed batch: its size and each refused item's code. Replies without a summary are not batches. */
export function recordBatch(route: string, reply: unknown): void {
  const { summary, errors } = (reply ?? {}) as BatchReply;
  if (typeof summary?.total !== 'number') return;
  batchItems.observe({ route }, summary.total);
  const byCode = new Map<string, number>();
  for (const error of errors ?? []) byCode.set(error.code ?? 'unknown', (byCode.get(error.code ?? 'unknown') ?? 0) + 1);
  for (const [code, count] of byCode) itemFailures.inc({ route, code }, count);
}

/** Batch sizes and per-item failures of every processed batch; an idempotent replay was counted the first time. */
@Injectable()
export class BatchMetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    return next.handle().pipe(
      tap((reply) => {
        if (res.getHeader('Idempotent-Replayed')) return;
        const path = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
        recordBatch(`${req.method} ${path}`, reply);
      }),
    );
  }
}
