import type { EventEnvelope } from '@onescale/ontology';
import { decodeHot, encodeHot, envelopeOf, hotDayOf, hotDayStart, hotDocOf } from './hot-event';

describe('hot event documents', () => {
  const event: EventEnvelope = {
    id: 'e1',
    type: 'revenue_generated',
    groupId: 'g',
    rootGroupId: 'root',
    actorId: 'p1',
    timestamp: 1_600_000_000_000,
    recordedAt: 1_600_000_001_000,
    data: { metadata: { amount: 5, 'a.b': { $c: [1, [2]] } } },
    schemaVersion: 1,
  };

  it('stores the id, the group and the rest as JSON text, and rebuilds the same envelope', () => {
    const doc = hotDocOf(event, { partition: 2, offset: 7 });
    const stored = encodeHot(doc);
    expect(Object.keys(stored).sort()).toEqual(['_id', 'e', 'groupId']);
    expect(stored).toMatchObject({ _id: 'e1', groupId: 'g' });
    expect(decodeHot(stored)).toEqual(doc);
    expect(decodeHot(stored)).toMatchObject({ partition: 2, offset: 7 });
    expect(envelopeOf(decodeHot(stored))).toEqual(event);
  });

  it('reads an event stored field by field, data as JSON text, by an earlier version', () => {
    const doc = hotDocOf(event, { partition: 2, offset: 7 });
    expect(decodeHot({ ...doc, data: JSON.stringify(event.data) })).toEqual(doc);
  });

  it('leaves absent or null actor and target out', () => {
    const rebuilt = envelopeOf({ ...hotDocOf(event), actorId: null, targetId: null });
    expect('actorId' in rebuilt || 'targetId' in rebuilt).toBe(false);
  });

  it('names the UTC day of an event time, from its first to its last millisecond', () => {
    const start = Date.UTC(2030, 11, 31);
    expect([hotDayOf(start), hotDayOf(start + 86_399_999), hotDayOf(start - 1)]).toEqual(['20301231', '20301231', '20301230']);
    expect(hotDayStart('20301231')).toBe(start);
  });

  it('names days right when times of different days alternate, before 1970 too', () => {
    const times = [Date.UTC(2030, 0, 1, 12), Date.UTC(2029, 11, 31, 23, 59), Date.UTC(2030, 0, 1), Date.UTC(1969, 11, 31, 23), -1, 0];
    expect(times.map(hotDayOf)).toEqual(['20300101', '20291231', '20300101', '19691231', '19691231', '19700101']);
    expect(times.map(hotDayOf)).toEqual(times.map((t) => new Date(t).toISOString().slice(0, 10).replaceAll('-', '')));
  });
});
