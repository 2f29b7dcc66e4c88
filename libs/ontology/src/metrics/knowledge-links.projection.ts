import type { Knowledge, KnowledgeRole } from '../contracts/entities';
import { knowledgeEventOf } from './platform-data';
import type { Projection } from './projection';

/** A knowledge item linked to the thing it came from, for `_knowledge` of a thing. */
export interface KnowledgeLinkDoc {
  readonly knowledgeId: string;
  readonly groupId: string;
  readonly sourceThingId: string;
  readonly role: KnowledgeRole | null;
  readonly createdAt: number;
  readonly knowledge: Knowledge;
}

/** Knowledge is immutable once added: idempotent without a guard. Items without a source thing link nothing. */
export const knowledgeLinksProjection: Projection<KnowledgeLinkDoc> = {
  name: 'knowledgeLinks',
  handles: { platform: ['knowledge_added'], clientEvents: false },
  keysOf: (event) => {
    const knowledge = knowledgeEventOf(event)?.knowledge;
    return knowledge?.sourceThingId === undefined ? [] : [knowledge.id];
  },
  evolve: (doc, event) => {
    if (doc !== null) return doc;
    const knowledge = knowledgeEventOf(event)?.knowledge;
    if (knowledge?.sourceThingId === undefined) return null;
    return {
      knowledgeId: knowledge.id,
      groupId: knowledge.groupId,
      sourceThingId: knowledge.sourceThingId,
      role: knowledge.role ?? null,
      createdAt: knowledge.createdAt,
      knowledge,
    };
  },
};
