import {
  type DocStore,
  type DocWrite,
  applyListOps,
  ascendingStart,
  containersAscending,
  descendingStart,
  emptyHead,
  inRange,
  TAIL,
  type ListChange,
  type ListHead,
} from '@onescale/platform';
import { type ListConfig, type ListItem, type ListOp } from '../ontology';
import { chunkId, READ_MODELS } from './collections';
import { decodeChunk, encodeChunk, type StoredChunk } from './stored-docs';

/** The writes of list changes, in the order that keeps every crash point repairable (sorted-list.ts). */
export interface ListWrites {
  /** Before any head: new chunks and chunks with their items changed (a split chunk untruncated). */
  readonly pre: DocWrite[];
  /** After the heads: truncated split chunks, then deletions of chunks no head refers to. */
  readonly post: DocWrite[];
}

export const emptyListWrites = (): ListWrites => ({ pre: [], post: [] });

export const addChangeWrites = (writes: ListWrites, owner: string, change: ListChange): void => {
  for (const w of change.pre)
    writes.pre.push({ kind: w.isNew ? 'insert' : 'replace', doc: { ...encodeChunk(chunkId(owner, w.no), w.items) } });
  for (const w of change.post) writes.post.push({ kind: 'replace', doc: { ...encodeChunk(chunkId(owner, w.no), w.items) } });
  for (const no of change.deletes) writes.post.push({ kind: 'delete', id: chunkId(owner, no) });
};

/** A chunk the head refers to is gone: a newer head exists. The reader reads the head again. */
export class StaleHead extends Error {}

/** Applies list ops (loading the chunks they touch) and reads lists in either direction. */
export class ListStore {
  constructor(private readonly docs: DocStore) {}

  async change(owner: string, head: ListHead | undefined, ops: readonly ListOp[], cfg: ListConfig): Promise<ListChange> {
    const start = head ?? emptyHead();
    const loaded = new Map<number, readonly ListItem[]>();
    for (let round = 0; round < 64; round++) {
      const result = applyListOps(start, loaded, ops, cfg);
      if ('change' in result) return result.change;
      const found = await this.docs.get<StoredChunk>(
        READ_MODELS.listChunks,
        result.need.map((no) => chunkId(owner, no)),
      );
      for (const no of result.need) loaded.set(no, decodeChunk(found.get(chunkId(owner, no))) ?? []);
    }
    throw new Error(`list ${owner}: too many chunk loads`);
  }

  private async chunk(owner: string, head: ListHead, no: number): Promise<ListItem[]> {
    if (no === TAIL) return [...head.tail];
    const items = decodeChunk(await this.docs.getOne<StoredChunk>(READ_MODELS.listChunks, chunkId(owner, no)));
    if (items === undefined) throw new StaleHead(`${owner}#${no}`);
    return inRange(head, no, items);
  }

  /** Up to `limit` items in ascending order, after `after` (exclusive) or after skipping `skip`. */
  async ascending(
    owner: string,
    head: ListHead | undefined,
    opts: { after: string | null; skip: number; limit: number },
  ): Promise<ListItem[]> {
    if (head === undefined || opts.limit <= 0) return [];
    const containers = containersAscending(head);
    const { index, skipInFirst } = ascendingStart(head, opts.after, opts.skip);
    const out: ListItem[] = [];
    for (let i = index; i < containers.length && out.length < opts.limit; i++) {
      let items = await this.chunk(owner, head, containers[i]!.no);
      if (opts.after !== null) items = items.filter((item) => item.k > opts.after!);
      else if (i === index) items = items.slice(skipInFirst);
      out.push(...items);
    }
    return out.slice(0, opts.limit);
  }

  /** Up to `limit` items in descending order, before `before` (exclusive) when given. */
  async descending(owner: string, head: ListHead | undefined, opts: { before: string | null; limit: number }): Promise<ListItem[]> {
    if (head === undefined || opts.limit <= 0) return [];
    const containers = containersAscending(head);
    const out: ListItem[] = [];
    for (let i = descendingStart(head, opts.before); i >= 0 && out.length < opts.limit; i--) {
      const items = await this.chunk(owner, head, containers[i]!.no);
      for (let j = items.length - 1; j >= 0; j--) if (opts.before === null || items[j]!.k < opts.before) out.push(items[j]!);
    }
    return out.slice(0, opts.limit);
  }
}

/** Retries a list read whose head went stale while it read (the projector moved chunks meanwhile). */
export async function withFreshHead<T>(read: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof StaleHead) || i >= attempts) throw error;
    }
  }
}
