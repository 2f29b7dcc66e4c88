import type { Type } from '@nestjs/common';

/** Metadata key under which each handler carries its RouteSpec (read by the access guard). */
export const ROUTE_SPEC = 'onescale:gateway-route';

/** The apps behind the gateway, and the gateway itself for the routes it serves. */
export const UPSTREAM_APPS = ['ingest', 'metrics', 'quota', 'archiver', 'notifier'] as const;
export type UpstreamApp = (typeof UPSTREAM_APPS)[number];
export type RouteOwner = UpstreamApp | 'gateway';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route. Group keys rank reader < writer < admin; `platform` routes need the platform
 * admin key; `any` needs a valid key of any group.
 */
export type Access = 'reader' | 'writer' | 'admin' | 'platform' | 'any';

/**
 * Who may set one field of a route's body beyond the route's own access: `platform` needs the
 * platform admin key; `ancestor` an admin key of a group above the target (or the platform admin
 * key), never a key of the target group itself.
 */
export type FieldAccess = 'platform' | 'ancestor';

/**
 * Where the route's target group comes from: the `:groupId` path segment, the `groupId` query
 * parameter (optional; absent means platform-wide), the `parentGroupId` of a group being created,
 * or nowhere.
 */
export type GroupScope = 'path' | 'query' | 'parent' | 'none';

export interface QueryParam {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly required?: boolean;
  readonly description?: string;
  readonly enum?: readonly string[];
}

export interface RouteSpec {
  readonly method: HttpMethod;
  /** Express-style path, e.g. `/v1/groups/:groupId/things/batch`. */
  readonly path: string;
  readonly owner: RouteOwner;
  readonly access: Access;
  readonly scope: GroupScope;
  readonly summary: string;
  readonly tag: string;
  /** Request body DTO (documents the body; the owning app validates it with the same class). */
  readonly body?: Type<unknown>;
  /** Success response DTO and status. */
  readonly response?: Type<unknown>;
  readonly status?: number;
  /** The query DTO the owning app validates with (documented parameter by parameter)... */
  readonly queryDto?: Type<unknown>;
  /** ...and query parameters it reads beyond that DTO (e.g. minPosition). */
  readonly query?: readonly QueryParam[];
  /** Requests this route accepts only as small JSON that the gateway itself reads. */
  readonly parsesBody?: boolean;
  /** Body fields that need more than `access` (the route must parse its body). */
  readonly fieldAccess?: Readonly<Record<string, FieldAccess>>;
  /** Problem statuses of this route beyond those every route can answer (documented in OpenAPI). */
  readonly errors?: Readonly<Record<number, string>>;
}

/** Path parameters of an express-style path, in order. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** The OpenAPI form of an express-style path: `/v1/groups/{groupId}`. */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/**
 * A read the proxy forwards: it has no side effects, so it may be sent to its app while its rate
 * limit is still being counted (the gateway's own routes answer only once admitted).
 */
export const forwardsAhead = (route: RouteSpec): boolean => route.method === 'GET' && route.owner !== 'gateway';
