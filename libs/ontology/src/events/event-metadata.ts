import { fail, ok, type Result } from '../shared/result';

/**
 * Type-specific metadata rules for client events. A consolidated event's variant field is what
 * makes it meaningful (SPEC: "type-specific metadata checked"), so it is REQUIRED, not merely
 * checked when present. Types without an entry accept any metadata object.
 */
type MetadataRule = (metadata: Record<string, unknown>) => Result<Record<string, unknown>>;

export const DEFAULT_CURRENCY = 'USD';
/** ISO 4217 shape: three upper-case letters (the code list itself is not enforced). */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

const oneOf =
  (field: string, values: readonly string[]): MetadataRule =>
  (metadata) => {
    const value = metadata[field];
    return typeof value === 'string' && values.includes(value)
      ? ok(metadata)
      : fail('invalid_metadata', `metadata.${field} must be one of ${values.join(', ')}`, `metadata.${field}`);
  };

/** `amount` a finite number ≥ 0; `currency` defaults to USD and is always present afterwards. */
const revenue: MetadataRule = (metadata) => {
  const { amount, currency = DEFAULT_CURRENCY } = metadata;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    return fail('invalid_metadata', 'metadata.amount must be a number ≥ 0', 'metadata.amount');
  }
  if (typeof currency !== 'string' || !CURRENCY_PATTERN.test(currency)) {
    return fail(
      'invalid_metadata',
      'metadata.currency must be an ISO 4217 code of three upper-case letters, e.g. USD',
      'metadata.currency',
    );
  }
  return ok({ ...metadata, amount, currency });
};

export const CONTENT_ACTIONS = ['created', 'updated', 'deleted', 'viewed', 'shared', 'liked'] as const;
export const PAYMENT_STATUSES = ['requested', 'verified', 'processed'] as const;
export const SUBSCRIPTION_ACTIONS = ['started', 'renewed', 'cancelled'] as const;

export const EVENT_METADATA_RULES: Readonly<Record<string, MetadataRule>> = {
  revenue_generated: revenue,
  content_event: oneOf('action', CONTENT_ACTIONS),
  payment_event: oneOf('status', PAYMENT_STATUSES),
  subscription_event: oneOf('action', SUBSCRIPTION_ACTIONS),
};

/** Applies the rule of `type`, if any; returns the normalized metadata. */
export const checkEventMetadata = (type: string, metadata: Record<string, unknown>): Result<Record<string, unknown>> =>
  Object.prototype.hasOwnProperty.call(EVENT_METADATA_RULES, type) ? EVENT_METADATA_RULES[type](metadata) : ok(metadata);
