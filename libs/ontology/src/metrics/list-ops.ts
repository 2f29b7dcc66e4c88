/**
 * What the read models ask of a sorted list, whatever its storage layout (the chunked layout of
 * libs/platform/src/sorted-list): items ordered by key, changed by adding or removing keys, and
 * how large each list's documents may grow.
 */
export interface ListItem {
  readonly k: string;
  /** Opaque text (JSON) the list keeps with the key, if any. */
  readonly v?: string;
}

export type ListOp =
  { readonly op: 'add'; readonly key: string; readonly value?: string } | { readonly op: 'remove'; readonly key: string };

export interface ListConfig {
  readonly chunkMax: number;
  readonly tailMax: number;
  /** The tail is refilled from the last chunk below this (the ranking reads its top from the tail). */
  readonly tailMin: number;
}
