import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { retry, throwError, timer, type Observable } from 'rxjs';
import { isTransientStoreState } from './unavailable';

/** Further tries of a read that met a transient store state, 50 ms then 150 ms after the failure. */
export const READ_RETRIES = 2;
const RETRY_DELAY_MS = 50;

/**
 * Tries a read (GET, HEAD) again when it fails on one of the store's transient states (e.g. SQLite's
 * "schema has changed" while collections are being created): the same read moments later succeeds,
 * so the client gets its answer instead of a 503 to retry. Only while nothing of the response was
 * sent (a streamed read is never started twice); writes are never repeated here.
 */
export class TransientReadRetry implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const { method } = http.getRequest<{ method: string }>();
    if (method !== 'GET' && method !== 'HEAD') return next.handle();
    const response = http.getResponse<{ headersSent: boolean }>();
    return next.handle().pipe(
      retry({
        count: READ_RETRIES,
        delay: (error: unknown, attempt: number) =>
          isTransientStoreState(error) && !response.headersSent ? timer(RETRY_DELAY_MS * (2 * attempt - 1)) : throwError(() => error),
      }),
    );
  }
}
