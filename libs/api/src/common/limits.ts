/** The batch size limit of SPEC §3: more items is a 413, nothing written. */
export const MAX_BATCH_ITEMS = 10_000;
/** Longest id accepted anywhere (ids are opaque strings). */
export const MAX_ID_CHARS = 128;
