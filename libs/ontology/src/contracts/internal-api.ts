import type { Group } from './entities';
import type { EventEnvelope } from './event-map';
import type { UsageMetric } from './usage';

/**
 * Calls between services. Internal apps accept only requests that carry the shared internal
 * credential; the gateway adds it, together with who is calling.
 */
export const INTERNAL_HEADERS = {
  token: 'x-onescale-internal-token',
  /** The api key's id that made the request (for audit and api-call metering). */
  keyId: 'x-onescale-key-id',
  /** The group of the api key, or `platform` for the platform admin key. */
  callerGroupId: 'x-onescale-caller-group',
  role: 'x-onescale-role',
} as const;

/**
 * POST /internal/reservations on quota. It names no plan: quota decides with the plan it holds for
 * the group's root (SPEC §5), whatever the caller believes.
 */
export interface ReserveRequest {
  readonly reservationId: string;
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly metric: UsageMetric;
  readonly amount: number;
}
export interface ReserveResponse {
  readonly reservationId: string;
  readonly metric: UsageMetric;
  readonly requested: number;
  readonly granted: number;
  /** null when unlimited */
  readonly limit: number | null;
  /** What remained before this grant; null when unlimited. */
  readonly remaining: number | null;
  readonly expiresAt: number;
}

/** GET /internal/api-calls/:rootGroupId on quota: the gateway's reading of the monthly api-call limit. */
export interface ApiCallsReading {
  readonly used: number;
  readonly limit: number | null;
  readonly resetAt: number;
}

/**
 * GET /internal/retention/:groupId on quota: how many days a group's events stay hot, from its root's
 * plan or the root's limit override; null = no limit (the archiver then applies its AGE_THRESHOLD_DAYS).
 */
export interface RetentionReading {
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly days: number | null;
}

/** GET /internal/groups/:groupId/counts on ingest: what it counts live for a root group and its sub-groups. */
export interface LiveCounts {
  readonly entities_total: number;
  readonly users: number;
  readonly connections_total: number;
  readonly storage_bytes: number;
}

/** GET /ready on every app: 200 when ready, 503 with the checks that are down. */
export interface ReadyAnswer {
  readonly ready?: boolean;
  readonly checks?: Record<string, { readonly status: string; readonly error?: string }>;
}

/**
 * One route of an app's internal API, declared once for the app that serves it and the client that
 * calls it. `Answer` includes `null` exactly when `missing` lists the statuses that mean "no such thing".
 */
export interface InternalRoute<Params, Request, Answer> {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The path with its parameters, each one encoded. */
  readonly path: (params: Params) => string;
  /** Safe to send again when no answer came: a GET, or a write the app applies once by its id. */
  readonly retrySafe: boolean;
  readonly missing?: readonly number[];
  /** Why an answer is not an `Answer` (the other app may run another version), or null when it is one. */
  readonly unfit?: (answer: unknown) => string | null;
  /** Carries the request and answer types; never set. */
  readonly types?: { readonly request: Request; readonly answer: Answer };
}

const route = <Params, Request, Answer>(r: InternalRoute<Params, Request, Answer>): InternalRoute<Params, Request, Answer> => r;
const at = (value: string): string => encodeURIComponent(value);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export const INGEST_ROUTES = {
  /** A group (plan and hierarchy); null when ingest knows none by that id, or the id cannot be one. */
  group: route<{ groupId: string }, void, Group | null>({
    method: 'GET',
    path: ({ groupId }) => `/internal/groups/${at(groupId)}`,
    retrySafe: true,
    missing: [400, 404],
    unfit: (g) => (isObject(g) && typeof g.id === 'string' && typeof g.rootGroupId === 'string' ? null : 'not a group'),
  }),
  /** The audit's independent recount; null when ingest does not know the group. */
  counts: route<{ rootGroupId: string }, void, LiveCounts | null>({
    method: 'GET',
    path: ({ rootGroupId }) => `/internal/groups/${at(rootGroupId)}/counts`,
    retrySafe: true,
    missing: [404],
    unfit: (c) => {
      const lacking = (['entities_total', 'users', 'connections_total', 'storage_bytes'] as const).filter(
        (m) => !isObject(c) || typeof c[m] !== 'number',
      );
      return lacking.length === 0 ? null : `the counts lack ${lacking.join(', ')}`;
    },
  }),
} as const;

export const METRICS_ROUTES = {
  /** One hot event of a group by its id; null when the hot store holds none (archived, unknown, or another group's). */
  hotEvent: route<{ groupId: string; eventId: string }, void, EventEnvelope | null>({
    method: 'GET',
    path: ({ groupId, eventId }) => `/internal/groups/${at(groupId)}/events/${at(eventId)}`,
    retrySafe: true,
    missing: [404],
    unfit: (e) => (isObject(e) && typeof e.id === 'string' && typeof e.type === 'string' ? null : 'not an event'),
  }),
} as const;

export const QUOTA_ROUTES = {
  /** Retry-safe: quota applies a reservation once by its id. */
  reserve: route<void, ReserveRequest, ReserveResponse>({
    method: 'POST',
    path: () => '/internal/reservations',
    retrySafe: true,
    unfit: (r) => (isObject(r) && typeof r.granted === 'number' && typeof r.reservationId === 'string' ? null : 'not a reservation'),
  }),
  apiCalls: route<{ rootGroupId: string }, void, ApiCallsReading>({
    method: 'GET',
    path: ({ rootGroupId }) => `/internal/api-calls/${at(rootGroupId)}`,
    retrySafe: true,
    unfit: (r) =>
      isObject(r) && typeof r.used === 'number' && (r.limit === null || typeof r.limit === 'number') && typeof r.resetAt === 'number'
        ? null
        : 'not an api-call reading',
  }),
  /** The effective events_retention_days of a group (its root's plan or override); null when quota knows no such group. */
  retention: route<{ groupId: string }, void, RetentionReading | null>({
    method: 'GET',
    path: ({ groupId }) => `/internal/retention/${at(groupId)}`,
    retrySafe: true,
    missing: [404],
    unfit: (r) =>
      isObject(r) && typeof r.rootGroupId === 'string' && (r.days === null || typeof r.days === 'number')
        ? null
        : 'not a retention reading',
  }),
} as const;

export const ARCHIVER_ROUTES = {
  /** Every archived event (of a group, or all), streamed as NDJSON of envelopes; null when the archiver has no such route. */
  events: route<{ groupId?: string }, void, AsyncIterable<Uint8Array> | null>({
    method: 'GET',
    path: ({ groupId }) => `/internal/archive/events${groupId === undefined ? '' : `?groupId=${at(groupId)}`}`,
    retrySafe: true,
    missing: [404],
  }),
} as const;

/** Served by every app. */
export const READY_ROUTE = route<void, void, ReadyAnswer>({ method: 'GET', path: () => '/ready', retrySafe: true });
