import { Injectable } from '@nestjs/common';
import { toNdjson, type EventEnvelope } from '@onescale/ontology';
import { ArchiveObjects } from '../archive/archive-objects';
import { Manifests, manifestViewOf, type ManifestDoc } from '../archive/manifests';
import { PageCollector, encodeReadCursor, type ArchiveFilter, type ReadPosition } from './read-cursor';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
  readonly hasMore: boolean;
}

/** Decoded objects kept for the next page (a page of 100 usually resumes inside the same object). */
const CACHED_OBJECTS = 8;

/**
 * Reads archived events back: the group's manifests in (earliest event, key) order, only objects
 * overlapping the range, each fetched from S3, checked against its manifest's checksum and
 * decompressed. Objects of one day are in time order; an object written later for events that
 * arrived late may overlap an earlier one.
 */
@Injectable()
export class ArchiveReader {
  private readonly cache = new Map<string, EventEnvelope[]>();

  constructor(
    private readonly manifests: Manifests,
    private readonly objects: ArchiveObjects,
  ) {}

  async page(groupId: string, filter: ArchiveFilter, limit: number, after?: ReadPosition): Promise<Page<EventEnvelope>> {
    const collector = new PageCollector(filter, limit, after);
    const from = after === undefined ? undefined : { minTimestamp: after.minTimestamp, key: after.key };
    for await (const manifest of this.manifests.readable(groupId, filter, from)) {
      if (!collector.add({ minTimestamp: manifest.minTimestamp, key: manifest.key, events: await this.events(manifest) })) break;
    }
    return {
      items: collector.items,
      nextCursor: collector.next === null ? null : encodeReadCursor(collector.next),
      hasMore: collector.next !== null,
    };
  }

  /** A group's readable manifests (without event ids) for the dashboard, keyset-paged. */
  async manifestPage(groupId: string, limit: number, after?: ReadPosition): Promise<Page<ReturnType<typeof manifestViewOf>>> {
    const items: ManifestDoc[] = [];
    let next: ManifestDoc | undefined;
    const from = after === undefined ? undefined : { minTimestamp: after.minTimestamp, key: after.key };
    for await (const manifest of this.manifests.readable(groupId, {}, from)) {
      if (items.length === limit) {
        next = manifest;
        break;
      }
      items.push(manifest);
    }
    return {
      items: items.map(manifestViewOf),
      nextCursor: next === undefined ? null : encodeReadCursor({ minTimestamp: next.minTimestamp, key: next.key, index: 0 }),
      hasMore: next !== undefined,
    };
  }

  /** Every archived event (of a group, or all), object by object in order, as NDJSON chunks. */
  async *ndjson(groupId?: string): AsyncIterable<string> {
    for await (const manifest of this.manifests.readable(groupId, {})) yield toNdjson(await this.objects.read(manifest));
  }

  /** An object's events, checked against its manifest; the last few objects read are kept decoded. */
  async events(manifest: ManifestDoc): Promise<EventEnvelope[]> {
    const id = `${manifest.key}#${manifest.sha256}`;
    const hit = this.cache.get(id);
    if (hit !== undefined) return hit;
    const events = await this.objects.read(manifest);
    this.cache.set(id, events);
    if (this.cache.size > CACHED_OBJECTS) this.cache.delete(this.cache.keys().next().value!);
    return events;
  }
}
