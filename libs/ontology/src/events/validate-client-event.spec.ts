import { PLATFORM_EVENT_TYPES } from '../contracts/platform-events';
import { DEFAULT_COMPOSITION } from '../vocabulary/composition';
import { RESERVED_EVENT_TYPES } from '../vocabulary/event-types';
import { MAX_JSON_BYTES } from '../vocabulary/json-object';
import { actorNotFound, targetNotFound, validateClientEvent } from './validate-client-event';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const ctx = { composition: DEFAULT_COMPOSITION, now: NOW };
const validate = (input: unknown) => validateClientEvent(input, ctx);
const problemOf = (input: unknown) => {
  const r = validate(input);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};
const Y2K = Date.UTC(2000, 0, 1);

describe('validateClientEvent', () => {
  it('normalizes an event: timestamp defaults to now, metadata to {}', () => {
    expect(validate({ type: 'user_login', actorId: 'u1' })).toEqual({
      ok: true,
      value: { type: 'user_login', actorId: 'u1', timestamp: NOW, metadata: {} },
    });
  });

  it('keeps actor, target, timestamp and metadata', () => {
    const event = { type: 'course_enrolled', actorId: 'u1', targetId: 'c1', timestamp: NOW - 1000, metadata: { via: 'email' } };
    expect(validate(event)).toEqual({ ok: true, value: event });
  });

  it.each([...PLATFORM_EVENT_TYPES, ...RESERVED_EVENT_TYPES])('rejects the platform or reserved type %s', (type) => {
    expect(problemOf({ type })).toMatchObject({ code: 'platform_event_type', path: 'type' });
  });

  it('rejects a platform type even if a composition lists it', () => {
    const c = { ...DEFAULT_COMPOSITION, eventTypes: [...DEFAULT_COMPOSITION.eventTypes, 'thing_created'] };
    expect(validateClientEvent({ type: 'thing_created' }, { ...ctx, composition: c }).ok).toBe(false);
  });

  it('rejects an unknown type and lists the client types only', () => {
    const p = problemOf({ type: 'made_up' });
    expect(p).toMatchObject({ code: 'invalid_type', path: 'type' });
    expect(p.message).toContain('revenue_generated');
    expect(p.message).not.toContain('entity_created');
  });

  it.each([[undefined], [3], [null]])('rejects a missing or non-string type %p', (type) => {
    expect(problemOf({ type }).code).toBe('invalid_type');
  });

  describe('timestamp', () => {
    it.each([
      ['one millisecond after 2000-01-01', Y2K + 1],
      ['a backdated event from 2001', Date.UTC(2001, 0, 1)],
      ['exactly now + 5 minutes', NOW + 300_000],
    ])('accepts %s', (_what, timestamp) => {
      expect(validate({ type: 'user_login', timestamp })).toMatchObject({ ok: true, value: { timestamp } });
    });

    it.each([
      ['2000-01-01T00:00:00Z itself', Y2K],
      ['1970', 0],
      ['a time in seconds instead of ms', Math.floor(NOW / 1000)],
      ['one millisecond beyond now + 5 minutes', NOW + 300_001],
      ['a string', '2025-06-15T12:00:00Z'],
      ['a fraction', NOW - 0.5],
    ])('rejects %s', (_what, timestamp) => {
      expect(problemOf({ type: 'user_login', timestamp })).toMatchObject({ code: 'invalid_timestamp', path: 'timestamp' });
    });
  });

  it.each([
    [{ actorId: '' }, 'actorId'],
    [{ actorId: 5 }, 'actorId'],
    [{ targetId: null }, 'targetId'],
  ])('rejects the ids %j', (extra, path) => {
    expect(problemOf({ type: 'user_login', ...extra })).toMatchObject({ code: 'invalid_field', path });
  });

  it.each([
    [[], 'invalid_json'],
    [null, 'invalid_json'],
    ['x', 'invalid_json'],
    [{ s: 'x'.repeat(MAX_JSON_BYTES) }, 'too_large'],
  ])('rejects metadata %p', (metadata, code) => {
    expect(problemOf({ type: 'user_login', metadata: metadata as unknown })).toMatchObject({ code, path: 'metadata' });
  });

  it('rejects an item that is not an object', () => {
    expect(problemOf(7).code).toBe('invalid_item');
  });

  it("rejects an unknown field as the item's own problem", () => {
    expect(problemOf({ type: 'user_login', actor: 'a' })).toMatchObject({ code: 'unknown_field', path: 'actor' });
  });
});

describe('revenue_generated metadata', () => {
  const revenue = (metadata: unknown) => validate({ type: 'revenue_generated', actorId: 'c1', metadata });

  it('defaults the currency to USD and carries it', () => {
    expect(revenue({ amount: 49.99 })).toMatchObject({ value: { metadata: { amount: 49.99, currency: 'USD' } } });
  });

  it('keeps a given currency and other fields', () => {
    expect(revenue({ amount: 0, currency: 'EUR', orderId: 'o1' })).toMatchObject({
      value: { metadata: { amount: 0, currency: 'EUR', orderId: 'o1' } },
    });
  });

  it.each([
    [{}, 'metadata.amount'],
    [undefined, 'metadata.amount'],
    [{ amount: -1 }, 'metadata.amount'],
    [{ amount: '10' }, 'metadata.amount'],
    [{ amount: null }, 'metadata.amount'],
    [{ amount: 10, currency: 'usd' }, 'metadata.currency'],
    [{ amount: 10, currency: 'EURO' }, 'metadata.currency'],
    [{ amount: 10, currency: 978 }, 'metadata.currency'],
    [{ amount: 10, currency: null }, 'metadata.currency'],
  ])('rejects %j', (metadata, path) => {
    expect(problemOf({ type: 'revenue_generated', metadata })).toMatchObject({ code: 'invalid_metadata', path });
  });
});

describe('consolidated event variants (required)', () => {
  it.each([
    ['content_event', 'action', ['created', 'updated', 'deleted', 'viewed', 'shared', 'liked']],
    ['payment_event', 'status', ['requested', 'verified', 'processed']],
    ['subscription_event', 'action', ['started', 'renewed', 'cancelled']],
  ])('%s needs metadata.%s in its list', (type, field, values) => {
    for (const v of values) expect(validate({ type, metadata: { [field]: v } }).ok).toBe(true);
    for (const metadata of [{}, { [field]: 'other' }, { [field]: 1 }]) {
      expect(problemOf({ type, metadata })).toMatchObject({ code: 'invalid_metadata', path: `metadata.${field}` });
    }
    expect(problemOf({ type }).code).toBe('invalid_metadata');
  });

  it('leaves other types’ metadata unchecked', () => {
    expect(validate({ type: 'commerce_event', metadata: { anything: true } }).ok).toBe(true);
  });
});

describe('existence problems for the caller', () => {
  it('name the id and path', () => {
    expect(actorNotFound('u9')).toEqual({ code: 'actor_not_found', message: 'actor u9 not found in this group', path: 'actorId' });
    expect(targetNotFound('t9')).toMatchObject({ code: 'target_not_found', path: 'targetId' });
  });
});
