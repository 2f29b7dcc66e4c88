import {
  entityListConfig,
  groupListConfig,
  type ActivePeopleDoc,
  type BatchDocs,
  type BatchKeys,
  type ProjectedBatch,
  type EntityDoc,
  type GroupMetricsDoc,
  type Guarded,
} from '../ontology';
import { entityListOwner, READ_MODELS } from '../store/collections';
import { addChangeWrites, emptyListWrites, type ListStore } from '../store/list-store';
import {
  decodeEntity,
  decodeGuarded,
  decodeHead,
  encodeEntity,
  encodeGuarded,
  encodeHead,
  encodeKnowledge,
  type StoredEntity,
  type StoredGuarded,
  type StoredHead,
} from '../store/stored-docs';
import { type DocStore, type DocWrite, type ListHead } from '@onescale/platform';

/** What a batch read before it was applied: the stored documents (absent = new). */
export type Loaded = BatchDocs<ListHead>;

/** Write steps in order; `afterStep` lets crash drills stop the process between two of them. */
export type WriteStep = 'knowledge' | 'chunks' | 'groupLists' | 'documents' | 'cleanup';

const guardedWrites = <D>(
  changed: ReadonlyMap<string, Guarded<D>>,
  loaded: ReadonlyMap<string, Guarded<D>>,
  extra: { partition?: number } = {},
): DocWrite[] => [...changed].map(([id, g]) => ({ kind: loaded.has(id) ? 'replace' : 'insert', doc: encodeGuarded(id, g, extra) }));

/** Loads the documents a batch needs and writes what it changed, lists included, in a crash-safe order. */
export class ReadModelWriter {
  constructor(
    private readonly docs: DocStore,
    private readonly lists: ListStore,
  ) {}

  async load(keys: BatchKeys): Promise<Loaded> {
    // Things not in the projector's memory: a fresh claim proves they are new (no lookup needed).
    const unknown = keys.entities.filter((id) => !this.docs.knows(READ_MODELS.entities, id));
    for (const id of await this.docs.claim(READ_MODELS.entityClaims, unknown)) this.docs.remember(READ_MODELS.entities, id, null);
    const [entities, groups, activePeople] = await Promise.all([
      this.docs.get<StoredEntity>(READ_MODELS.entities, keys.entities),
      this.docs.get<StoredGuarded>(READ_MODELS.groupMetrics, keys.groups),
      this.docs.get<StoredGuarded>(READ_MODELS.activePeople, keys.activePeople),
    ]);
    return {
      entities: new Map([...entities].map(([id, s]) => [id, decodeEntity(s)])),
      groups: new Map([...groups].map(([id, s]) => [id, decodeGuarded<GroupMetricsDoc>(s)])),
      activePeople: new Map([...activePeople].map(([id, s]) => [id, decodeGuarded<ActivePeopleDoc>(s)])),
    };
  }

  /**
   * Order (each step repairable when a crash stops the process after it; the batch comes again):
   * 1. immutable knowledge documents (a second insert is ignored);
   * 2. list chunks: new ones, and changed ones with every item they may hold (sorted-list.ts);
   * 3. group list heads, derived from thing states: before the thing documents, so a redelivered
   *    batch recomputes them from the old states;
   * 4. thing (with their list heads), group and active-people documents, each position-guarded;
   * 5. truncation of split chunks and deletion of chunks no head refers to any more.
   */
  async write(
    result: ProjectedBatch<ListHead>,
    loaded: Loaded,
    partition: number,
    afterStep: (step: WriteStep) => void = () => undefined,
  ): Promise<Record<string, number>> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const mark = (name: string): void => {
      timings[name] = Math.round(performance.now() - started - Object.values(timings).reduce((a, b) => a + b, 0));
    };
    const chunks = emptyListWrites();
    const entities: EntityDoc<ListHead>[] = await Promise.all(
      [...result.entities].map(async ([id, change]) => {
        const lists: Record<string, ListHead> = { ...change.doc.lists };
        for (const [list, ops] of change.listOps) {
          const owner = entityListOwner(id, list);
          const applied = await this.lists.change(owner, lists[list], ops, entityListConfig(list));
          if (!applied.changed) continue;
          lists[list] = applied.head;
          addChangeWrites(chunks, owner, applied);
        }
        return { ...change.doc, lists };
      }),
    );

    const listIds = [...result.groupListOps.keys()];
    const heads = await this.docs.get<StoredHead>(READ_MODELS.listHeads, listIds);
    const headWrites: DocWrite[] = [];
    await Promise.all(
      listIds.map(async (listId) => {
        const stored = heads.get(listId);
        const applied = await this.lists.change(listId, decodeHead(stored), result.groupListOps.get(listId) ?? [], groupListConfig(listId));
        if (!applied.changed) return;
        addChangeWrites(chunks, listId, applied);
        headWrites.push({ kind: stored ? 'replace' : 'insert', doc: { ...encodeHead(listId, applied.head) } });
      }),
    );

    mark('listsMs');
    await this.docs.insertIfAbsent(READ_MODELS.knowledge, result.knowledge.map(encodeKnowledge));
    afterStep('knowledge');
    await this.docs.write(READ_MODELS.listChunks, chunks.pre);
    afterStep('chunks');
    await this.docs.write(READ_MODELS.listHeads, headWrites);
    afterStep('groupLists');
    mark('chunkWritesMs');
    await this.docs.write(
      READ_MODELS.entities,
      entities.map((doc) => ({ kind: loaded.entities.has(doc.id) ? 'replace' : 'insert', doc: { ...encodeEntity(doc) } })),
    );
    await this.docs.write(READ_MODELS.groupMetrics, guardedWrites(result.groups, loaded.groups, { partition }));
    await this.docs.write(READ_MODELS.activePeople, guardedWrites(result.activePeople, loaded.activePeople));
    afterStep('documents');
    mark('documentWritesMs');
    await this.docs.write(READ_MODELS.listChunks, chunks.post);
    afterStep('cleanup');
    mark('cleanupMs');
    return {
      ...timings,
      documents: entities.length + result.groups.size + result.activePeople.size,
      chunks: chunks.pre.length + chunks.post.length,
    };
  }
}
