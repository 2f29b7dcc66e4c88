import { TOPICS } from '@onescale/ontology';
import { holdPartitions, type PartitionHold } from '../../../../test/support/kafka';
import { request } from '../../../../test/support/http';
import { MetricsHarness, type MetricsUnderTest } from '../testing/harness';
import { HistoryBuilder } from '../testing/history';

const PORT = 3211;
const harness = new MetricsHarness();
let metrics: MetricsUnderTest;
let hold: PartitionHold | undefined;

beforeAll(async () => {
  // The projector's consumer is connected but gets no partition while the hold lasts: it is behind.
  metrics = await harness.start(PORT, 'behind', { READ_WAIT_MS: '300' }, async (group) => {
    hold = await holdPartitions(group, [TOPICS.events.name, TOPICS.usage.name]);
  });
});

afterAll(async () => {
  await hold?.release();
  await metrics?.app.kill();
  await harness.close();
});

describe('a read whose position the projector has not reached', () => {
  it('answers 503 projection_behind with its lag and Retry-After (reads and event lookups), then the answer once the projector caught up', async () => {
    const h = new HistoryBuilder(`g-behind-${Date.now()}`);
    h.group(Date.now());
    const creator = h.thing('creator', Date.now());
    const position = (await harness.publish(h.events)).get(h.groupId)!.offset;
    const read = (path: string) =>
      request('GET', `${metrics.app.url}/v1/groups/${h.groupId}/${path}?minPosition=${position}`, { internal: true });

    for (const path of ['metrics', `creators/${creator.id}/stats`, `things/${creator.id}`, 'things']) {
      const behind = await read(path);
      expect({ path, status: behind.status, code: behind.body.code }).toEqual({ path, status: 503, code: 'projection_behind' });
      expect(Number(behind.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(behind.body).toMatchObject({ minPosition: position, lag: expect.any(Number) });
      expect(behind.body.lag).toBeGreaterThanOrEqual(h.events.length);
    }
    // A void's lookup of an event written just now: not found yet, which is no proof it does not exist.
    const written = h.events[h.events.length - 1]!.id;
    const lookup = (eventId: string) =>
      request('GET', `${metrics.app.url}/internal/groups/${h.groupId}/events/${eventId}`, { internal: true });
    const early = await lookup(written);
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 503, code: 'projection_behind' });
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    await hold!.release();
    hold = undefined;
    await harness.caughtUp(metrics.app.url, h.groupId, position);
    const stats = await read(`creators/${creator.id}/stats`);
    expect({ status: stats.status, id: stats.body.id }).toEqual({ status: 200, id: creator.id });
    expect(await lookup(written).then((r) => ({ status: r.status, id: r.body.id }))).toEqual({ status: 200, id: written });
    const absent = await lookup('00000000-0000-7000-8000-000000000000');
    expect({ status: absent.status, code: absent.body.code }).toEqual({ status: 404, code: 'event_not_found' });
  });
});
