import { finite, fields, id, integer, jsonObject, listOf, ms, oneOf, optional, text } from './data-checks';
import {
  GROUP_STATUSES,
  GROUP_TYPES,
  KNOWLEDGE_ROLES,
  KNOWLEDGE_TYPES,
  PLANS,
  THING_STATUSES,
  type Connection,
  type Group,
  type Knowledge,
  type Thing,
} from './entities';

/** Checks of the entities platform events carry whole. */
export const group = fields<Group>({
  id,
  slug: id,
  name: text,
  type: oneOf(GROUP_TYPES),
  parentGroupId: optional(id),
  rootGroupId: id,
  plan: oneOf(PLANS),
  status: oneOf(GROUP_STATUSES),
  settings: jsonObject,
  createdAt: ms,
  updatedAt: ms,
});

export const thing = fields<Thing>({
  id,
  groupId: id,
  type: id,
  name: text,
  properties: jsonObject,
  status: oneOf(THING_STATUSES),
  schemaVersion: integer,
  createdAt: ms,
  updatedAt: ms,
  deletedAt: optional(ms),
});

export const connection = fields<Connection>({
  id,
  groupId: id,
  fromThingId: id,
  toThingId: id,
  relationshipType: id,
  metadata: optional(jsonObject),
  strength: optional(finite),
  validFrom: optional(ms),
  validTo: optional(ms),
  createdAt: ms,
  updatedAt: ms,
  deletedAt: optional(ms),
});

export const knowledge = fields<Knowledge>({
  id,
  groupId: id,
  knowledgeType: oneOf(KNOWLEDGE_TYPES),
  text: optional(text),
  embedding: optional(listOf(finite)),
  labels: optional(listOf(text)),
  sourceThingId: optional(id),
  role: optional(oneOf(KNOWLEDGE_ROLES)),
  createdAt: ms,
});
