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
