import { problemToException, ProblemException } from '@onescale/platform';
import {
  activityBeforeKey,
  activityPage,
  connectionOfItem,
  countActivePeople,
  creatorStatsView,
  groupMetricsView,
  KNOWLEDGE_LIST_CAP,
  mergeAscending,
  parseActivityQuery,
  parseRelationshipsQuery,
  parseThingsQuery,
  RELATIONSHIP_LIST_CAP,
  relationshipListsOf,
  relationshipsAfterKey,
  relationshipsPage,
  thingsBeforeKey,
  thingsListOf,
  thingsPage,
  thingWithRelationshipsView,
  timeKeyId,
  topContentFromRanking,
  ACTIVITY_LIST,
  KNOWLEDGE_LIST,
  type Clock,
  type Connection,
  type EntityDoc,
  type GroupMetricsDoc,
  type Problem,
  type Result,
  type ThingDoc,
} from '../ontology';
import type { Freshness, ReadMeta } from './freshness';
import { readCacheLookups } from '../metrics.metrics';
import type { ReadCache } from './read-cache';
import { ApiCallsReader } from './api-calls-reader';
import { GroupPartitions } from './group-partitions';
import type { GroupRead, ReadModels } from './read-models';

export interface ReadOptions {
  readonly minPosition?: number;
}

type WithMeta<T> = T & { readonly _meta: ReadMeta };

const NOT_FOUND_CODES = new Set(['group_not_found', 'thing_not_found', 'creator_not_found']);
const fail = (problem: Problem): ProblemException => problemToException(problem, NOT_FOUND_CODES.has(problem.code) ? 404 : 400);
const valueOf = <T>(result: Result<T>): T => {
  if (!result.ok) throw fail(result.problem);
  return result.value;
};

/** Retry-After of a read that gave up waiting (seconds): about one more wait. */
const BEHIND_RETRY_AFTER_S = 1;

const projectionBehind = (minPosition: number, meta: ReadMeta): ProblemException =>
  new ProblemException(
    503,
    'projection_behind',
    `the read models have not reached position ${minPosition} yet${meta.lag === null ? '' : ` (${meta.lag} records behind)`}; retry shortly`,
    undefined,
    { minPosition, position: meta.position, partition: meta.partition, lag: meta.lag },
    { 'retry-after': String(BEHIND_RETRY_AFTER_S) },
  );

const positionOutOfRange = (minPosition: number): ProblemException =>
  new ProblemException(
    400,
    'position_out_of_range',
    `minPosition ${minPosition} is beyond the latest position of this group's partition; pass the position a write answered`,
    [{ path: 'minPosition', message: 'beyond the latest position of the partition' }],
  );

/** The thing document when the thing belongs to the group of the path; another group's thing reads as unknown. */
const inGroup = (entity: EntityDoc | null, groupId: string): ThingDoc | null => {
  const doc = entity?.thing ?? null;
  return doc !== null && doc.thing !== null && doc.thing.groupId === groupId ? doc : null;
};

const connections = (items: readonly { k: string; v?: string }[]): Connection[] =>
  items.map(connectionOfItem).filter((c): c is Connection => c !== null);

/** The six read routes of SPEC §2, from read models only. Each waits for `minPosition` first. */
export class MetricsReads {
  constructor(
    private readonly models: ReadModels,
    private readonly freshness: Freshness,
    private readonly clock: Clock,
    private readonly cache: ReadCache,
  ) {
    this.apiCalls = new ApiCallsReader(
      (groupId, now) => models.apiCallsOf(groupId, now),
      (partition) => freshness.usageApplied(partition),
      cache,
    );
  }

  private readonly apiCalls: ApiCallsReader;

  /** A group's partition never changes and a known group never disappears: remembered (bounded). */
  private readonly partitions = new GroupPartitions();

  /**
   * Waits for minPosition, then checks the group is known; returns what `_meta` reports and the
   * result of `load`. A position not reached within the wait answers 503 `projection_behind` with
   * the lag: what the read models lack then is no proof that the group or thing does not exist. A
   * group seen before is not read again unless the route needs its document.
   * With `cacheKey` (routes whose documents all belong to the group's partition), what `load` read
   * is kept under the partition's applied offset, read first (without the database when this
   * process projects the partition: store/progress.ts): while that offset has not moved, the next
   * read is answered from memory (read-cache.ts). Otherwise the route's reads run alongside
   * the group's and the position's (one round trip).
   */
  private async open<T>(
    groupId: string,
    options: ReadOptions,
    load: () => Promise<T>,
    how: { needGroup?: boolean; cacheKey?: string } = {},
  ): Promise<{ meta: ReadMeta; group: GroupMetricsDoc | null; data: T }> {
    const known = this.partitions.get(groupId);
    if (options.minPosition !== undefined && !(await this.freshness.inRange(options.minPosition, known)))
      throw positionOutOfRange(options.minPosition);
    if (options.minPosition !== undefined) await this.waitFor(groupId, options.minPosition, known);
    if (known !== undefined && how.cacheKey !== undefined)
      return this.cached(known, how.cacheKey, groupId, load, how.needGroup === true, options.minPosition);
    const [group, data, early] = await Promise.all([
      known === undefined || how.needGroup ? this.models.group(groupId) : Promise.resolve(undefined),
      load(),
      known === undefined ? undefined : this.freshness.meta(known, options.minPosition),
    ]);
    if (group !== undefined) this.knowGroup(groupId, group, known);
    return { meta: early ?? (await this.freshness.meta(group?.partition, options.minPosition)), group: group?.doc ?? null, data };
  }

  private async waitFor(groupId: string, minPosition: number, known: number | undefined): Promise<void> {
    const partitionOf = async () => known ?? (await this.models.group(groupId))?.partition;
    if (await this.freshness.waitFor(minPosition, partitionOf)) return;
    throw projectionBehind(minPosition, await this.freshness.behind(await partitionOf()));
  }

  private async cached<T>(
    partition: number,
    key: string,
    groupId: string,
    load: () => Promise<T>,
    needGroup: boolean,
    minPosition?: number,
  ) {
    const position = await this.freshness.applied(partition, minPosition);
    const meta = this.freshness.metaAt(partition, position);
    let entry = this.cache.get<{ group: GroupMetricsDoc | null; data: T }>(key, position);
    readCacheLookups.inc({ result: entry === undefined ? 'miss' : 'hit' });
    if (entry === undefined) {
      const [group, data] = await Promise.all([needGroup ? this.models.group(groupId) : Promise.resolve(undefined), load()]);
      if (group !== undefined) this.knowGroup(groupId, group, partition);
      entry = { group: group?.doc ?? null, data };
      this.cache.set(key, position, entry);
    }
    return { meta: await meta, ...entry };
  }

  /** Fails with 404 for an unknown group; remembers a known group's partition. */
  private knowGroup(groupId: string, group: GroupRead | null, known: number | undefined): asserts group is GroupRead {
    if (group === null || group.doc === null || group.doc.group === null)
      throw new ProblemException(404, 'group_not_found', `Group ${groupId} was not found`);
    if (group.partition !== undefined && known === undefined) this.partitions.remember(groupId, group.partition);
  }

  async listThings(groupId: string, raw: Record<string, unknown>, options: ReadOptions) {
    const q = valueOf(parseThingsQuery(raw));
    const { meta, data: keys } = await this.open(groupId, options, async () =>
      (await this.models.groupDescending(thingsListOf(groupId, q), { before: thingsBeforeKey(q), limit: q.limit + 1 })).map((i) => i.k),
    );
    const docs = await this.models.things(keys.map(timeKeyId));
    return { ...thingsPage(q, keys, docs), _meta: meta };
  }

  async thing(groupId: string, thingId: string, include: { knowledge: boolean; lazy: boolean }, options: ReadOptions) {
    const { meta, data: entity } = await this.open(groupId, options, () => this.models.entity(thingId));
    const doc = inGroup(entity, groupId);
    if (entity === null || doc === null) throw fail({ code: 'thing_not_found', message: `Thing ${thingId} was not found` });
    const first = { after: null, skip: 0, limit: RELATIONSHIP_LIST_CAP };
    const [inbound, outbound, knowledgeItems] = await Promise.all([
      this.models.entityAscending(entity, 'in', first),
      this.models.entityAscending(entity, 'out', first),
      include.knowledge
        ? this.models.entityAscending(entity, KNOWLEDGE_LIST, { after: null, skip: 0, limit: KNOWLEDGE_LIST_CAP })
        : Promise.resolve(null),
    ]);
    const ins = connections(inbound);
    const outs = connections(outbound);
    const [knowledge, relatedDocs] = await Promise.all([
      knowledgeItems === null ? Promise.resolve(null) : this.models.knowledge(knowledgeItems.map((i) => timeKeyId(i.k))),
      include.lazy ? this.models.things([...ins.map((c) => c.fromThingId), ...outs.map((c) => c.toThingId)]) : Promise.resolve(null),
    ]);
    const view = valueOf(
      thingWithRelationshipsView(doc, { inbound: ins, outbound: outs, knowledge, relatedDocs, now: this.clock() }, thingId),
    );
    return { ...view, _meta: meta } satisfies WithMeta<typeof view>;
  }

  async relationships(groupId: string, thingId: string, raw: Record<string, unknown>, options: ReadOptions) {
    const q = valueOf(parseRelationshipsQuery(raw));
    const { meta, data: entity } = await this.open(groupId, options, () => this.models.entity(thingId));
    const doc = inGroup(entity, groupId);
    if (entity === null || doc === null || !doc.live) throw fail({ code: 'thing_not_found', message: `Thing ${thingId} was not found` });
    const lists = relationshipListsOf(q);
    const after = relationshipsAfterKey(q);
    // One list: skip on the list itself. Both directions: merge the heads of both, then skip.
    const rows =
      lists.length === 1
        ? await this.models.entityAscending(entity, lists[0]!, { after, skip: q.offset, limit: q.limit + 1 })
        : mergeAscending(
            await Promise.all(lists.map((l) => this.models.entityAscending(entity, l, { after, skip: 0, limit: q.offset + q.limit + 1 }))),
          ).slice(q.offset, q.offset + q.limit + 1);
    const page = connections(rows);
    const related = await this.models.things(page.map((c) => (c.toThingId === thingId ? c.fromThingId : c.toThingId)));
    return { ...relationshipsPage(doc, q, page, related), _meta: meta };
  }

  async activity(groupId: string, thingId: string, raw: Record<string, unknown>, options: ReadOptions) {
    const q = valueOf(parseActivityQuery(raw));
    const { meta, data: entity } = await this.open(groupId, options, () => this.models.entity(thingId));
    const doc = inGroup(entity, groupId);
    if (entity === null || doc === null || !doc.live) throw fail({ code: 'thing_not_found', message: `Thing ${thingId} was not found` });
    const items = await this.models.entityDescending(entity, ACTIVITY_LIST, { before: activityBeforeKey(q), limit: q.limit + 1 });
    const ids = items.flatMap((i) => {
      const v = JSON.parse(i.v ?? '{}') as { actorId?: string; targetId?: string };
      return [v.actorId, v.targetId].filter((x): x is string => x !== undefined);
    });
    const related = await this.models.things(ids);
    return { ...activityPage(doc, q, items, related), _meta: meta };
  }

  async creatorStats(groupId: string, creatorId: string, options: ReadOptions) {
    const { meta, data: entity } = await this.open(groupId, options, () => this.models.entity(creatorId), {
      cacheKey: `stats|${groupId}|${creatorId}`,
    });
    const view = valueOf(creatorStatsView(inGroup(entity, groupId), entity?.stats ?? null, this.clock(), creatorId));
    return { ...view, _meta: meta };
  }

  async groupMetrics(groupId: string, options: ReadOptions) {
    const now = this.clock();
    // api calls come from the usage topic, not the group's partition: read alongside (api-calls-reader.ts)
    const [{ meta, group, data: inputs }, apiCalls] = await Promise.all([
      this.open(groupId, options, () => this.models.groupInputs(groupId), { needGroup: true, cacheKey: `group|${groupId}` }),
      this.apiCalls.of(groupId, now),
    ]);
    const view = valueOf(
      groupMetricsView(group, {
        activeUsers: countActivePeople(inputs.active, now),
        topContent: topContentFromRanking(inputs.ranking?.tail ?? []),
        apiCallsThisMonth: apiCalls,
        now,
      }),
    );
    return { ...view, _meta: meta };
  }
}
