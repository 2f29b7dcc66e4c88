import type { ThingStatus } from '../contracts/entities';
import { rankKey, timeKey } from './list-keys';
import type { ListConfig, ListOp } from './list-ops';
import type { ThingDoc } from './thing.projection';

/**
 * Lists of a group derived from the state of its thing documents (not from events): they change
 * when a thing's derived entries change, and are written BEFORE the thing documents, so a crash in
 * between is repaired when the batch is applied again from the old thing states.
 * - `things|<g>[|t|<type>][|s|<status>]`: live things, key (createdAt, id): GET …/things;
 * - `rank|<g>`: live content things, key (live inbound connections, createdAt, id), value
 *   {name, type}: its last 10 items are topContentByEngagement.
 */
export interface GroupListEntry {
  readonly list: string;
  readonly key: string;
  readonly value?: string;
}

export const thingsListId = (groupId: string, type: string | null, status: ThingStatus | null): string =>
  `things|${groupId}${type === null ? '' : `|t|${type}`}${status === null ? '' : `|s|${status}`}`;

export const rankingListId = (groupId: string): string => `rank|${groupId}`;

const THINGS_CONFIG: ListConfig = { chunkMax: 256, tailMax: 128, tailMin: 32 };
/** The tail always holds the top 10 (tailMin) of the ranking. */
const RANKING_CONFIG: ListConfig = { chunkMax: 256, tailMax: 64, tailMin: 16 };

export const groupListConfig = (listId: string): ListConfig => (listId.startsWith('rank|') ? RANKING_CONFIG : THINGS_CONFIG);

export interface RankedContent {
  readonly name: string;
  readonly type: string;
}

export const groupListEntriesOf = (doc: ThingDoc | null): GroupListEntry[] => {
  if (doc === null || doc.thing === null || !doc.live) return [];
  const { groupId, type, status, createdAt } = doc.thing;
  const key = timeKey(createdAt, doc.id);
  const entries: GroupListEntry[] = [
    { list: thingsListId(groupId, null, null), key },
    { list: thingsListId(groupId, type, null), key },
    { list: thingsListId(groupId, null, status), key },
    { list: thingsListId(groupId, type, status), key },
  ];
  if (doc.isContent) {
    const value: RankedContent = { name: doc.thing.name, type };
    entries.push({ list: rankingListId(groupId), key: rankKey(doc.inboundCount, createdAt, doc.id), value: JSON.stringify(value) });
  }
  return entries;
};

const entryId = (e: GroupListEntry): string => `${e.list}\n${e.key}\n${e.value ?? ''}`;

/**
 * List ops for one thing whose document went through `states` (the state before the batch, then
 * after each event applied). Nothing when no state differs from the first. Otherwise every entry of
 * the last state is (re)added and every key seen in any state but absent from the last is removed:
 * a previous attempt that crashed may have written any state of this sequence, and these ops repair
 * all of them.
 */
export const transitionOps = (states: readonly (ThingDoc | null)[]): Array<{ list: string; op: ListOp }> => {
  const entries = states.map(groupListEntriesOf);
  const first = new Set(entries[0]?.map(entryId) ?? []);
  const changed = entries.some((es) => es.length !== first.size || es.some((e) => !first.has(entryId(e))));
  if (!changed) return [];
  const last = entries[entries.length - 1] ?? [];
  const kept = new Set(last.map((e) => `${e.list}\n${e.key}`));
  const removed = new Map<string, { list: string; op: ListOp }>();
  for (const e of entries.flat()) {
    const id = `${e.list}\n${e.key}`;
    if (!kept.has(id)) removed.set(id, { list: e.list, op: { op: 'remove', key: e.key } });
  }
  return [
    ...removed.values(),
    ...last.map((e) => ({ list: e.list, op: { op: 'add' as const, key: e.key, ...(e.value === undefined ? {} : { value: e.value }) } })),
  ];
};
