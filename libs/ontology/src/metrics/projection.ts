import type { EventEnvelope } from '../contracts/event-map';
import type { PlatformEventType } from '../contracts/platform-events';
import { isClientEvent } from './client-event';

/**
 * A read model as pure functions. The store adapter applies every projection the same way: for
 * each key of `keysOf(event)`, load the document stored under that key (or null), call
 * `evolve(doc, event, key)`, then write the result with a position guard (see position-guard.ts);
 * `null` means "no document" (delete it if one exists), and the same object back means "no change".
 * `key` is passed because one event can touch several documents (a connection touches both things).
 */
export interface Projection<D> {
  readonly name: string;
  /** The events it reads: these platform types, plus every client event when `clientEvents`. */
  readonly handles: { readonly platform: readonly PlatformEventType[]; readonly clientEvents: boolean };
  /** Keys of the documents the event changes; empty for events the projection ignores. */
  keysOf(event: EventEnvelope): readonly string[];
  evolve(doc: D | null, event: EventEnvelope, key: string): D | null;
}

export const handlesEvent = (p: Projection<unknown>, event: EventEnvelope): boolean =>
  isClientEvent(event) ? p.handles.clientEvents : (p.handles.platform as readonly string[]).includes(event.type);

/** Defined ids, each once, in first-seen order. */
export const distinctIds = (...ids: readonly (string | undefined)[]): string[] =>
  ids.filter((id, i): id is string => typeof id === 'string' && id !== '' && ids.indexOf(id) === i);

/**
 * Applies events in order to an in-memory map of documents, exactly as the store adapter does
 * (minus persistence and the position guard). For tests, rebuild checks and benchmarks.
 */
export const foldEvents = <D>(
  projection: Projection<D>,
  events: readonly EventEnvelope[],
  initial: ReadonlyMap<string, D> = new Map(),
): Map<string, D> => {
  const docs = new Map(initial);
  for (const event of events) {
    for (const key of projection.keysOf(event)) {
      const next = projection.evolve(docs.get(key) ?? null, event, key);
      if (next === null) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
};
