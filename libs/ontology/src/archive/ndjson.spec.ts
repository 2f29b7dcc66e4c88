import type { EventEnvelope } from '../contracts/event-map';
import { fromNdjson, toNdjson } from './ndjson';

const events: EventEnvelope[] = [
  {
    id: 'e1',
    type: 'revenue_generated',
    groupId: 'g1',
    rootGroupId: 'g0',
    actorId: 't1',
    timestamp: Date.UTC(2024, 0, 1),
    recordedAt: Date.UTC(2025, 0, 1),
    data: { metadata: { amount: 12.5, currency: 'USD', note: 'line\nbreak "quoted" ünïcödé', 'a.b': { $x: [1, [2]] } } },
    schemaVersion: 1,
  },
  {
    id: 'e2',
    type: 'user_login',
    groupId: 'g1',
    rootGroupId: 'g0',
    targetId: 't2',
    timestamp: Date.UTC(2024, 0, 2),
    recordedAt: Date.UTC(2024, 0, 2),
    data: { metadata: {} },
    schemaVersion: 1,
  },
];

describe('NDJSON', () => {
  it('writes one envelope per line with a trailing newline', () => {
    const text = toNdjson(events);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(3);
    expect(JSON.parse(text.split('\n')[1])).toEqual(events[1]);
  });

  it('round-trips envelopes exactly, newlines and odd keys in data included', () => {
    expect(fromNdjson(toNdjson(events))).toEqual(events);
  });

  it('reads an empty object as no events', () => {
    expect(toNdjson([])).toBe('');
    expect(fromNdjson('')).toEqual([]);
  });

  it('throws, naming the line, on a corrupt body', () => {
    const text = `${toNdjson(events)}{"id":"e3","type":`;
    expect(() => fromNdjson(text)).toThrow('archive line 3 is not JSON');
    expect(() => fromNdjson('{"id":"e3"}\n')).toThrow('archive line 1 is not an event envelope');
  });
});
