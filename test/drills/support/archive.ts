import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { S3Storage } from '@onescale/platform';
import type { DrillSystem } from './drill-system';
import { internalGet } from './probes';

const DAY_MS = 86_400_000;

/** `count` client events spread over `days` UTC days, `ageDays` and more in the past: eligible for archival. */
export function backdatedEvents(
  count: number,
  days: number,
  ageDays: number,
  tag: string,
): Array<{ type: string; timestamp: number; metadata: object }> {
  const base = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - ageDays * DAY_MS;
  return Array.from({ length: count }, (_, i) => ({
    type: 'dashboard_viewed',
    timestamp: base - (i % days) * DAY_MS + 3_600_000 + i,
    metadata: { drill: tag, item: i },
  }));
}

/** The archiver's status for a group (getArchivalStatus). */
export async function archivalStatus(
  system: DrillSystem,
  groupId: string,
): Promise<{ eligibleForArchival: number; alreadyArchived: number } | null> {
  const reply = await internalGet(system, 'archiver', `/v1/archival/status?groupId=${encodeURIComponent(groupId)}`);
  return reply.status === 200 ? reply.body : null;
}

interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string | null;
  readonly hasMore?: boolean;
}

async function allPages<T>(system: DrillSystem, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < 10_000; page++) {
    const reply = await internalGet<Page<T>>(
      system,
      'archiver',
      `${path}${path.includes('?') ? '&' : '?'}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (reply.status !== 200) throw new Error(`${path} answered ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`);
    items.push(...reply.body.items);
    cursor = reply.body.nextCursor;
    if (!reply.body.hasMore || !cursor) return items;
  }
  throw new Error(`${path}: too many pages`);
}

export interface ManifestView {
  readonly key: string;
  readonly count: number;
  readonly sha256: string;
  readonly bytes: number;
}

/** The archive as its manifests describe it, each object fetched from S3, verified and read: the ids it holds. */
export async function archivedIds(
  system: DrillSystem,
  groupId: string,
): Promise<{ manifests: ManifestView[]; ids: string[]; badObjects: string[]; orphanObjects: string[] }> {
  const manifests = await allPages<ManifestView>(system, `/v1/groups/${groupId}/archive/manifests`);
  const storage = new S3Storage({
    endpoint: process.env.S3_ENDPOINT!,
    region: 'us-east-1',
    bucket: process.env.S3_BUCKET ?? 'onescale-archive',
    accessKeyId: process.env.S3_ACCESS_KEY_ID ?? 'onescale',
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY ?? 'onescale-local-secret',
  });
  try {
    const ids: string[] = [];
    const badObjects: string[] = [];
    for (const manifest of manifests) {
      const body = await storage.get(manifest.key);
      const lines = gunzipSync(body).toString('utf8').split('\n').filter(Boolean);
      if (createHash('sha256').update(body).digest('hex') !== manifest.sha256 || lines.length !== manifest.count)
        badObjects.push(manifest.key);
      for (const line of lines) ids.push((JSON.parse(line) as { id: string }).id);
    }
    // Objects a crashed run wrote but never recorded are invisible to readers; they are reported, not counted.
    const recorded = new Set(manifests.map((m) => m.key));
    const orphanObjects = (await storage.list(`events/${groupId}/`)).map((o) => o.key).filter((key) => !recorded.has(key));
    return { manifests, ids, badObjects, orphanObjects };
  } finally {
    storage.destroy();
  }
}

/** Archived events read back through the API (`GET …/archive/events`), all pages. */
export const readBackIds = async (system: DrillSystem, groupId: string): Promise<string[]> =>
  (await allPages<{ id: string }>(system, `/v1/groups/${groupId}/archive/events`)).map((e) => e.id);
