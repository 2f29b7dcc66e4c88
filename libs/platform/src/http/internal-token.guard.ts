import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { INTERNAL_HEADERS } from '@onescale/ontology';
import { ProblemException } from './problem';
import { PUBLIC_ROUTE } from './public.decorator';

/**
 * Internal apps serve only callers holding the shared internal credential (the gateway, and apps
 * calling each other). Health, readiness and metrics stay open for probes and scrapers.
 */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    token: string,
    private readonly reflector: Reflector,
  ) {
    this.expected = Buffer.from(token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const given = Buffer.from(String(context.switchToHttp().getRequest<Request>().headers[INTERNAL_HEADERS.token] ?? ''));
    if (given.length === this.expected.length && timingSafeEqual(given, this.expected)) return true;
    throw new ProblemException(401, 'unauthenticated', 'this service accepts only internal calls through the gateway');
  }
}
