import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { MAX_BATCH_ITEMS } from '@onescale/api';
import { ProblemException } from '@onescale/platform';

const ITEM_FIELDS = ['things', 'updates', 'connections', 'events', 'knowledge'];

/** More than 10,000 items is a 413 before anything is validated or written (SPEC §3). */
@Injectable()
export class BatchSizeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<Request>().body as Record<string, unknown> | undefined;
    for (const field of ITEM_FIELDS) {
      const items = body?.[field];
      if (Array.isArray(items) && items.length > MAX_BATCH_ITEMS) {
        throw new ProblemException(
          413,
          'batch_too_large',
          `${field} has ${items.length} items; a batch holds at most ${MAX_BATCH_ITEMS}, nothing was written`,
          [{ path: field, message: `at most ${MAX_BATCH_ITEMS} items` }],
          { limit: MAX_BATCH_ITEMS, received: items.length },
        );
      }
    }
    return next.handle();
  }
}
