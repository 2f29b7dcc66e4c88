import {
  apiCallsKey,
  rankingListId,
  utcMonthKey,
  type ActivePeopleDoc,
  type ApiCallsDoc,
  type EntityDoc,
  type GroupMetricsDoc,
  type KnowledgeLinkDoc,
  type ListItem,
  type ThingDoc,
} from '../ontology';
import { entityListOwner, READ_MODELS } from '../store/collections';
import type { ApiCallsRead } from './api-calls-reader';
import { withFreshHead, type ListStore } from '../store/list-store';
import {
  decodeEntity,
  decodeGuarded,
  decodeHead,
  decodeKnowledge,
  type StoredEntity,
  type StoredGuarded,
  type StoredHead,
  type StoredKnowledge,
} from '../store/stored-docs';
import { type DocStore, type ListHead } from '@onescale/platform';

export interface GroupRead {
  readonly doc: GroupMetricsDoc | null;
  readonly partition: number | undefined;
}

/** Every read of the routes: documents by `_id`, lists by their head. */
export class ReadModels {
  constructor(
    private readonly docs: DocStore,
    private readonly lists: ListStore,
  ) {}

  async group(groupId: string): Promise<GroupRead | null> {
    const stored = await this.docs.getOne<StoredGuarded>(READ_MODELS.groupMetrics, groupId);
    return stored === null ? null : { doc: decodeGuarded<GroupMetricsDoc>(stored).doc, partition: stored.partition };
  }

  async entity(id: string): Promise<EntityDoc<ListHead> | null> {
    const stored = await this.docs.getOne<StoredEntity>(READ_MODELS.entities, id);
    return stored === null ? null : decodeEntity(stored);
  }

  /** Thing documents by id (only those that exist). */
  async things(ids: Iterable<string>): Promise<Map<string, ThingDoc>> {
    const found = await this.docs.get<StoredEntity>(READ_MODELS.entities, ids);
    const out = new Map<string, ThingDoc>();
    for (const [id, stored] of found) {
      const thing = decodeEntity(stored).thing;
      if (thing !== null) out.set(id, thing);
    }
    return out;
  }

  /** The group metrics inputs of the group's partition: the active people and the ranking head. */
  async groupInputs(groupId: string): Promise<{ active: ActivePeopleDoc | null; ranking: ListHead | undefined }> {
    const [active, ranking] = await Promise.all([
      this.docs.getOne<StoredGuarded>(READ_MODELS.activePeople, groupId),
      this.docs.getOne<StoredHead>(READ_MODELS.listHeads, rankingListId(groupId)),
    ]);
    return { active: active === null ? null : decodeGuarded<ActivePeopleDoc>(active).doc, ranking: decodeHead(ranking) };
  }

  /** API calls of the group in the month of `now` (projected from the usage topic), with the usage partition that counted them. */
  async apiCallsOf(groupId: string, now: number): Promise<ApiCallsRead> {
    const stored = await this.docs.getOne<StoredGuarded>(READ_MODELS.apiCalls, apiCallsKey(groupId, utcMonthKey(now)));
    if (stored === null) return { calls: 0, partition: null };
    const { doc, positions } = decodeGuarded<ApiCallsDoc>(stored);
    const streams = Object.keys(positions);
    const usage = streams.length === 1 ? /^usage-(\d+)$/.exec(streams[0]!) : null;
    return { calls: doc?.calls ?? 0, partition: usage ? Number(usage[1]) : null };
  }

  /** Items of a thing's list, ascending; the thing's document is read again if its head went stale. */
  entityAscending(
    entity: EntityDoc<ListHead>,
    list: string,
    opts: { after: string | null; skip: number; limit: number },
  ): Promise<ListItem[]> {
    let head: ListHead | undefined = entity.lists[list];
    let first = true;
    return withFreshHead(async () => {
      if (!first) head = (await this.entity(entity.id))?.lists[list];
      first = false;
      return this.lists.ascending(entityListOwner(entity.id, list), head, opts);
    });
  }

  entityDescending(entity: EntityDoc<ListHead>, list: string, opts: { before: string | null; limit: number }): Promise<ListItem[]> {
    let head: ListHead | undefined = entity.lists[list];
    let first = true;
    return withFreshHead(async () => {
      if (!first) head = (await this.entity(entity.id))?.lists[list];
      first = false;
      return this.lists.descending(entityListOwner(entity.id, list), head, opts);
    });
  }

  /** Items of a group list, descending (newest first). */
  groupDescending(listId: string, opts: { before: string | null; limit: number }): Promise<ListItem[]> {
    return withFreshHead(async () => {
      const stored = await this.docs.getOne<StoredHead>(READ_MODELS.listHeads, listId);
      return this.lists.descending(listId, decodeHead(stored), opts);
    });
  }

  async knowledge(ids: readonly string[]): Promise<KnowledgeLinkDoc[]> {
    const found = await this.docs.get<StoredKnowledge>(READ_MODELS.knowledge, ids);
    return ids.flatMap((id) => {
      const stored = found.get(id);
      return stored === undefined ? [] : [decodeKnowledge(stored)];
    });
  }
}
