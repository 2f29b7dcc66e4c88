import { EMPTY_DOC, applyUsageTo, counterKey, parseCounterKey, releaseIn, reserveIn } from './counter-doc';
import { isClosedPeriod } from './counter-maintenance';

describe('counter keys', () => {
  it('round-trips a key, even when the root id holds a separator', () => {
    expect(parseCounterKey(counterKey('a|b', 'api_calls_per_month', Date.UTC(2025, 0, 1)))).toEqual({
      rootGroupId: 'a|b',
      metric: 'api_calls_per_month',
      periodStart: Date.UTC(2025, 0, 1),
    });
  });

  it.each(['nope', 'g|bogus|0', 'g|users|x', '|users|0'])('rejects the malformed key %s', (key) => {
    expect(parseCounterKey(key)).toBeNull();
  });

  it('treats api-call months before the previous one as closed, and gauges never', () => {
    const closed = isClosedPeriod(Date.UTC(2025, 2, 15));
    expect(closed(counterKey('g', 'api_calls_per_month', Date.UTC(2025, 0, 1)))).toBe(true);
    expect(closed(counterKey('g', 'api_calls_per_month', Date.UTC(2025, 1, 1)))).toBe(false);
    expect(closed(counterKey('g', 'entities_total', 0))).toBe(false);
  });
});

describe('counter documents keep their offsets through the ontology rules', () => {
  const doc = { ...EMPTY_DOC, offsets: { '2': 41 } };

  it('when reserving, confirming and releasing, then offsets stay and amounts add up', () => {
    const reserved = reserveIn(doc, 'r1', { amount: 5, expiresAt: 10 });
    expect(reserved).toMatchObject({ reserved: 5, offsets: { '2': 41 } });
    const confirmed = applyUsageTo(reserved, { metric: 'entities_total', amount: 4, reservationId: 'r1', reservedAmount: 5 });
    expect(confirmed).toEqual({ used: 4, reserved: 0, reservations: {}, offsets: { '2': 41 } });
    const again = reserveIn(confirmed, 'r2', { amount: 3, expiresAt: 10 });
    expect(releaseIn(again, ['r2'])).toEqual(confirmed);
  });
});
