import { effectiveLimits, usageLimitOf, type LimitSetting, type Plan, type ReserveRequest } from '@onescale/ontology';
import { EMPTY_DOC, type CounterDoc } from '../counters/counter-doc';
import { outcomeOf, releaseExpired, releaseOne, reservationKey, reserveChange, reserveResponse } from './reserve-rules';

const req = (amount: number, reservationId = 'r1'): ReserveRequest => ({
  reservationId,
  groupId: 'sub',
  rootGroupId: 'root',
  metric: 'entities_total',
  amount,
});

const planLimit = (plan: Plan): LimitSetting => usageLimitOf(effectiveLimits(plan), 'entities_total');

const run = (doc: CounterDoc, r: ReserveRequest, now = 1000, setting: LimitSetting = planLimit('starter')) => {
  const after = reserveChange(r, setting, now, 60_000)(doc) ?? doc;
  return { after, response: reserveResponse(r, setting, { before: doc, after }, now) };
};

describe('reservations', () => {
  it('draws gauges on the all-time counter of the ROOT group', () => {
    expect(reservationKey(req(1), Date.UTC(2025, 5, 3))).toBe('root|entities_total|0');
  });

  it('given 70 used of 100, when 50 are asked for, then 30 are granted and held until expiry', () => {
    const { after, response } = run({ ...EMPTY_DOC, used: 70 }, req(50));
    expect(response).toEqual({
      reservationId: 'r1',
      metric: 'entities_total',
      requested: 50,
      granted: 30,
      limit: 100,
      remaining: 30,
      expiresAt: 61_000,
    });
    expect(after.reserved).toBe(30);
    expect(outcomeOf(response)).toBe('partial');
  });

  it('given open reservations, when more is asked for, then they count against the limit', () => {
    const first = run({ ...EMPTY_DOC, used: 90 }, req(6, 'a')).after;
    const { response } = run(first, req(6, 'b'));
    expect(response.granted).toBe(4);
  });

  it('given the same reservation id again, when asked, then the first grant is returned and nothing more is held', () => {
    const first = run({ ...EMPTY_DOC, used: 70 }, req(50)).after;
    const again = run(first, req(50));
    expect(again.after).toBe(first);
    expect(again.response).toMatchObject({ granted: 30, remaining: 30, expiresAt: 61_000 });
  });

  it('given a full counter, when asked, then the refusal records nothing', () => {
    const full = { ...EMPTY_DOC, used: 100 };
    expect(reserveChange(req(1), planLimit('starter'), 0, 1)(full)).toBeNull();
    expect(outcomeOf(run(full, req(1)).response)).toBe('refused');
  });

  it('given an enterprise root, when any amount is asked, then all is granted with no limit', () => {
    const { response } = run({ ...EMPTY_DOC, used: 1e9 }, req(5000), 1000, planLimit('enterprise'));
    expect(response).toMatchObject({ granted: 5000, limit: null, remaining: null });
  });

  it('given an overridden limit of 150, when 80 are asked with 100 used, then 50 are granted', () => {
    const { response } = run({ ...EMPTY_DOC, used: 100 }, req(80), 1000, { limit: 150, soft: false });
    expect(response).toMatchObject({ granted: 50, limit: 150, remaining: 50 });
  });

  it('given a soft limit already passed, when more is asked, then all is granted and the limit still reported', () => {
    const { response, after } = run({ ...EMPTY_DOC, used: 120 }, req(30), 1000, { limit: 100, soft: true });
    expect(response).toMatchObject({ granted: 30, limit: 100, remaining: 0 });
    expect(after.reserved).toBe(30);
  });

  it('releases expired reservations only, and one reservation early on request', () => {
    const a = run(EMPTY_DOC, req(3, 'a'), 0).after;
    const b = run(a, req(4, 'b'), 30_000).after;
    const swept = releaseExpired(60_000)(b)!;
    expect(Object.keys(swept.reservations)).toEqual(['b']);
    expect(swept.reserved).toBe(4);
    expect(releaseExpired(60_000)(swept)).toBeNull();
    expect(releaseOne('b')(swept)).toMatchObject({ reserved: 0, reservations: {} });
    expect(releaseOne('nope')(swept)).toBeNull();
  });
});
