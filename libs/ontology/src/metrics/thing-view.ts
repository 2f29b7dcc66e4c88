import type { Thing } from '../contracts/entities';
import { fail, ok, type Result } from '../shared/result';
import type { ThingDoc } from './thing.projection';

/** The thing as the API shows it (deleted things keep their `deletedAt`); null if never created. */
export const thingSnapshot = (doc: ThingDoc | null | undefined): Thing | null => {
  if (doc === null || doc === undefined || doc.thing === null) return null;
  return doc.deletedAt === null ? doc.thing : { ...doc.thing, deletedAt: doc.deletedAt };
};

/**
 * The live thing of a document, or a `code` failure when it is unknown or deleted. Tenancy is the
 * store's part: it loads documents by id AND the caller's groupId, so another group's thing is null here.
 */
export const liveThing = (doc: ThingDoc | null, thingId: string, code: string, label = 'Thing'): Result<LiveThingDoc> =>
  doc === null || doc.thing === null || !doc.live ? fail(code, `${label} ${thingId} was not found`) : ok(doc as LiveThingDoc);

export type LiveThingDoc = ThingDoc & { readonly thing: Thing };
