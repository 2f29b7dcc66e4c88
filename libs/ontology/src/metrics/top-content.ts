import type { RankedContent } from './group-lists';
import type { ListItem } from './list-ops';

export const TOP_CONTENT_LIMIT = 10;

export interface TopContentItem {
  readonly entityId: string;
  readonly name: string;
  readonly type: string;
  readonly connectionCount: number;
  readonly createdAt: number;
}

const COUNT_DIGITS = 10;
const TIME_DIGITS = 15;

/**
 * topContentByEngagement from the end of the group's ranking list (group-lists.ts), whose keys
 * sort by (live inbound connections, createdAt, id): most connections first, ties → newest, then
 * the greatest id. The list's tail always holds at least the top 10.
 */
export const topContentFromRanking = (tail: readonly ListItem[]): TopContentItem[] =>
  [...tail]
    .sort((a, b) => (a.k < b.k ? 1 : a.k > b.k ? -1 : 0))
    .slice(0, TOP_CONTENT_LIMIT)
    .map((item) => {
      const value = (item.v === undefined ? {} : JSON.parse(item.v)) as Partial<RankedContent>;
      return {
        entityId: item.k.slice(COUNT_DIGITS + TIME_DIGITS + 2),
        name: value.name ?? '',
        type: value.type ?? '',
        connectionCount: Number(item.k.slice(0, COUNT_DIGITS)),
        createdAt: Number(item.k.slice(COUNT_DIGITS + 1, COUNT_DIGITS + 1 + TIME_DIGITS)),
      };
    });
