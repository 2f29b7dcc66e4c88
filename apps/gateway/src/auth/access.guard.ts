import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { internalCallProblem, InternalCallError, MAX_BODY_DEPTH, ProblemException } from '@onescale/platform';
import type { GatewayRequest } from '../gateway-request';
import { authOutcomes } from '../gateway.metrics';
import { ApiCallQuota } from '../metering/api-call-quota';
import { quotaHeaders, quotaRefused } from '../metering/quota-headers';
import { RateLimiter, refusalOf, type PendingAdmission } from '../rate-limits/rate-limiter';
import { SMALL_JSON_LIMIT } from '../routes/small-json.middleware';
import { ROUTE_SPEC, forwardsAhead, type RouteSpec } from '../routes/route-spec';
import { GroupLineage } from '../tenancy/group-lineage';
import { decideAccess, type AccessTarget } from './access-policy';
import { ApiKeys } from './api-keys.service';
import type { Caller, GroupCaller } from './caller';

const unauthenticated = (detail: string, error?: string): ProblemException =>
  new ProblemException(
    401,
    'unauthenticated',
    detail,
    undefined,
    {},
    { 'www-authenticate': `Bearer realm="onescale"${error ? `, error="${error}"` : ''}` },
  );

/** `Authorization: Bearer <key>` → the key, or undefined. */
export const bearerToken = (header: string | undefined): string | undefined => /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];

/**
 * Every public route, in this order: who is calling (401), whether the key is within its rate limit
 * (429 rate_limited; a refused request is not an api call and is not metered), whether the group's
 * api calls fit its plan (429; counted when admitted), whether the target group is in the key's tenancy (404), whether the
 * key's role suffices (403). Then the request body, if the gateway read one, must be sound. A
 * forwarded read may go ahead of its rate limit's round trip (RateLimiter): the proxy holds the
 * answer until `req.admission` settles.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeys,
    private readonly lineage: GroupLineage,
    private readonly quota: ApiCallQuota,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.reflector.get<RouteSpec>(ROUTE_SPEC, context.getHandler());
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    try {
      const caller = await this.authenticate(req);
      if (caller.kind === 'group') {
        const admission = this.admitCall(caller, res, forwardsAhead(route));
        if (admission.ahead) req.admission = admission.decided;
        else await admission.decided;
      }
      const decision = decideAccess(caller, route, await this.target(route, req, caller));
      if (!decision.ok) throw new ProblemException(decision.status, decision.code, decision.detail);
      req.caller = caller;
      checkReadBody(req);
      authOutcomes.inc({ outcome: 'allowed' });
      return true;
    } catch (thrown) {
      // An app the decision needed (ingest for a lineage) could not answer: 503 with Retry-After, or 502.
      const error = (await refusalOf(req.admission)) ?? (thrown instanceof InternalCallError ? internalCallProblem(thrown) : thrown);
      if (error instanceof ProblemException) authOutcomes.inc({ outcome: String(error.getStatus()) });
      throw error;
    }
  }

  /** The key's rate, then the group's api calls (a refused request is not metered); the quota headers when admitted. */
  private admitCall(caller: GroupCaller, res: Response, mayGoAhead: boolean): PendingAdmission {
    const limited = caller.rateLimit ? this.rateLimiter.begin(caller.keyId, caller.rateLimit, mayGoAhead) : null;
    const decided = (async () => {
      if (limited) await limited.decided;
      const admission = await this.quota.admit(caller.rootGroupId);
      if (!admission.admitted) throw quotaRefused(admission);
      for (const [name, value] of Object.entries(quotaHeaders(admission))) res.setHeader(name, value);
    })();
    // Read later (by the proxy, or here on another refusal); a refusal meanwhile is not unhandled.
    decided.catch(() => undefined);
    return { decided, ahead: limited?.ahead ?? false };
  }

  private async authenticate(req: GatewayRequest): Promise<Caller> {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw unauthenticated('an api key is required: Authorization: Bearer <key>');
    const caller = await this.apiKeys.authenticate(token).catch((error: Error) => {
      throw new ProblemException(
        503,
        'service_unavailable',
        `api keys cannot be checked right now (${error.message}); retry shortly`,
        undefined,
        {},
        { 'retry-after': '2' },
      );
    });
    if (!caller) throw unauthenticated('the api key is not valid (unknown or revoked)', 'invalid_token');
    return caller;
  }

  /** The group a request is about; its lineage is resolved only when a group key's tenancy must be checked. */
  private async target(route: RouteSpec, req: GatewayRequest, caller: Caller): Promise<AccessTarget> {
    const groupId = targetGroupId(route, req);
    if (groupId === undefined || caller.kind === 'platform') return { groupId };
    req.lineage = await this.lineage.of(groupId);
    return { groupId, lineage: req.lineage?.ancestry ?? null, ...(route.fieldAccess ? { fields: bodyFields(req) } : {}) };
  }
}

/** Top-level fields of a body the gateway read (none when it is not a JSON object: the app refuses it). */
function bodyFields(req: GatewayRequest): string[] {
  const value = req.readBody?.value;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
}

function targetGroupId(route: RouteSpec, req: GatewayRequest): string | undefined {
  const pick = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  switch (route.scope) {
    case 'path':
      return pick(req.params.groupId);
    case 'query':
      return pick(req.query.groupId);
    case 'parent':
      return pick((req.readBody?.value as { parentGroupId?: unknown } | undefined)?.parentGroupId);
    case 'none':
      return undefined;
  }
}

function checkReadBody(req: GatewayRequest): void {
  if (req.readBody?.problem === 'payload_too_large') {
    throw new ProblemException(
      413,
      'payload_too_large',
      `request body exceeds the limit of ${SMALL_JSON_LIMIT} bytes for this route`,
      undefined,
      { limit: SMALL_JSON_LIMIT },
    );
  }
  if (req.readBody?.problem === 'malformed_json') {
    throw new ProblemException(400, 'malformed_json', 'request body is not valid JSON', [{ path: '', message: 'malformed JSON' }]);
  }
  if (req.readBody?.problem === 'too_deep') {
    throw new ProblemException(400, 'too_deep', `request body is nested deeper than ${MAX_BODY_DEPTH} levels`, [
      { path: '', message: 'nested too deep' },
    ]);
  }
}
