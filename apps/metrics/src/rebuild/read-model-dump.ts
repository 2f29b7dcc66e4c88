import { type ListItem } from '../ontology';
import { chunkId, entityListOwner, READ_MODELS } from '../store/collections';
import {
  decodeChunk,
  decodeEntity,
  decodeGuarded,
  decodeHead,
  type StoredChunk,
  type StoredEntity,
  type StoredGuarded,
  type StoredHead,
  type StoredKnowledge,
} from '../store/stored-docs';
import { type Shards, containersAscending, inRange, TAIL, type ListHead } from '@onescale/platform';

/**
 * The read models as their readers see them, independent of how they were written: positions and
 * partitions left out, lists materialized from head and chunks (chunk boundaries differ with batch
 * sizes), empty lists dropped. Two stores hold the same read models iff their dumps are equal.
 */
export type Dump = Map<string, string>;

const listItems = (owner: string, head: ListHead, chunks: ReadonlyMap<string, ListItem[]>): ListItem[] =>
  containersAscending(head).flatMap(({ no }) => (no === TAIL ? [...head.tail] : inRange(head, no, chunks.get(chunkId(owner, no)) ?? [])));

const allDocs = async <T>(shards: Shards, base: string): Promise<T[]> => {
  const out: T[] = [];
  for (const collection of shards.all(base)) out.push(...((await collection.find({}).toArray()) as T[]));
  return out;
};

export async function dumpReadModels(shards: Shards): Promise<Dump> {
  const dump: Dump = new Map();
  const chunks = new Map((await allDocs<StoredChunk>(shards, READ_MODELS.listChunks)).map((c) => [c._id, decodeChunk(c) ?? []]));
  for (const stored of await allDocs<StoredEntity>(shards, READ_MODELS.entities)) {
    const e = decodeEntity(stored);
    const lists = Object.fromEntries(
      Object.entries(e.lists)
        .map(([name, head]) => [name, listItems(entityListOwner(e.id, name), head, chunks)] as const)
        .filter(([, items]) => items.length > 0)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    dump.set(`entity/${e.id}`, JSON.stringify({ thing: e.thing, stats: e.stats, lists }));
  }
  for (const base of [READ_MODELS.groupMetrics, READ_MODELS.activePeople, READ_MODELS.apiCalls]) {
    for (const stored of await allDocs<StoredGuarded>(shards, base))
      dump.set(`${base}/${stored._id}`, JSON.stringify(decodeGuarded(stored).doc));
  }
  for (const stored of await allDocs<StoredHead>(shards, READ_MODELS.listHeads)) {
    const items = listItems(stored._id, decodeHead(stored)!, chunks);
    if (items.length > 0) dump.set(`list/${stored._id}`, JSON.stringify(items));
  }
  for (const stored of await allDocs<StoredKnowledge>(shards, READ_MODELS.knowledge)) dump.set(`knowledge/${stored._id}`, stored.d);
  return dump;
}

export interface Difference {
  readonly key: string;
  readonly live: string | undefined;
  readonly rebuilt: string | undefined;
}

/** Keys whose value differs, or that only one side has; `only` narrows the comparison (e.g. to some groups' documents). */
export const diffDumps = (live: Dump, rebuilt: Dump, only: (key: string, value: string) => boolean = () => true): Difference[] => {
  const keys = new Set([...live.keys(), ...rebuilt.keys()]);
  const out: Difference[] = [];
  for (const key of [...keys].sort()) {
    const a = live.get(key);
    const b = rebuilt.get(key);
    if (a === b) continue;
    if (!only(key, a ?? b ?? '')) continue;
    out.push({ key, live: a, rebuilt: b });
  }
  return out;
};

/** A readable one-line account of a difference: the first field where the two JSON texts part. */
export const describe = (d: Difference, width = 160): string => {
  if (d.live === undefined) return `${d.key}: only in the rebuild: ${d.rebuilt!.slice(0, width)}`;
  if (d.rebuilt === undefined) return `${d.key}: only live: ${d.live.slice(0, width)}`;
  let i = 0;
  while (i < d.live.length && d.live[i] === d.rebuilt[i]) i++;
  const from = Math.max(0, i - 40);
  return `${d.key}: differs at ${i}: live …${d.live.slice(from, from + width / 2)}… rebuilt …${d.rebuilt.slice(from, from + width / 2)}…`;
};
