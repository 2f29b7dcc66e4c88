import type { EventEnvelope } from '../contracts/event-map';
import { buildManifest, compressionRatioOf, manifestView, splitArchived, typesOf, type ArchiveManifest } from './manifest';
import { planObjects } from './object-plan';

const event = (id: string, timestamp: number, type = 'user_login'): EventEnvelope => ({
  id,
  type,
  groupId: 'g1',
  rootGroupId: 'g1',
  timestamp,
  recordedAt: timestamp,
  data: { metadata: {} },
  schemaVersion: 1,
});
const T = Date.UTC(2024, 3, 10, 8);

describe('manifest', () => {
  const [plan] = planObjects([event('e1', T), event('e2', T + 5_000), event('e3', T + 1_000)], 1000, () => 'o1');
  const manifest = buildManifest(plan, { sha256: 'ab'.repeat(32), bytes: 300, uncompressedBytes: 1_500 });

  it('records key, day, count, time range, types, checksum, size and event ids', () => {
    expect(manifest).toEqual({
      key: 'events/g1/2024/04/10/o1.jsonl.gz',
      groupId: 'g1',
      day: '2024-04-10',
      count: 3,
      minTimestamp: T,
      maxTimestamp: T + 5_000,
      sha256: 'ab'.repeat(32),
      bytes: 300,
      uncompressedBytes: 1_500,
      types: ['user_login'],
      eventIds: ['e1', 'e2', 'e3'],
    });
  });

  it('lists the distinct event types of an object, sorted', () => {
    const mixed = [event('a', T), event('b', T, 'content_viewed'), event('c', T)];
    expect(typesOf(mixed)).toEqual(['content_viewed', 'user_login']);
  });

  it('hides event ids from the API view', () => {
    expect(manifestView(manifest)).not.toHaveProperty('eventIds');
    expect(manifestView(manifest).count).toBe(3);
  });

  it('on a re-run exports only events no manifest holds and returns the others for deletion', () => {
    const hot = [event('e1', T), event('e4', T + 9)];
    const { pending, archivedIds } = splitArchived(hot, [manifest]);
    expect(pending.map((e) => e.id)).toEqual(['e4']);
    expect(archivedIds).toEqual(['e1']);
  });

  it('measures the compression ratio over manifests that know their raw size', () => {
    const other: ArchiveManifest = { ...manifest, bytes: 100, uncompressedBytes: 900 };
    const legacy: ArchiveManifest = { ...manifest, bytes: 50, uncompressedBytes: undefined };
    expect(compressionRatioOf([manifest, other, legacy])).toBe(6);
    expect(compressionRatioOf([])).toBeNull();
  });
});
