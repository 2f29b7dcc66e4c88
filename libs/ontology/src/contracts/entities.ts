/** The six dimensions as they travel between services (epoch-millisecond times, opaque ids). */

export const GROUP_TYPES = ['friend_circle', 'business', 'community', 'dao', 'government', 'organization'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

export const PLANS = ['starter', 'pro', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export const GROUP_STATUSES = ['active', 'archived'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

export interface Group {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly type: GroupType;
  readonly parentGroupId?: string;
  /** The top of this group's hierarchy (itself when it has no parent): quotas and Kafka keys use it. */
  readonly rootGroupId: string;
  readonly plan: Plan;
  readonly status: GroupStatus;
  readonly settings: Record<string, unknown>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const THING_STATUSES = ['draft', 'active', 'published', 'inactive', 'archived'] as const;
export type ThingStatus = (typeof THING_STATUSES)[number];

export interface Thing {
  readonly id: string;
  readonly groupId: string;
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly status: ThingStatus;
  readonly schemaVersion: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deletedAt?: number;
}

export interface Connection {
  readonly id: string;
  readonly groupId: string;
  readonly fromThingId: string;
  readonly toThingId: string;
  readonly relationshipType: string;
  readonly metadata?: Record<string, unknown>;
  readonly strength?: number;
  readonly validFrom?: number;
  readonly validTo?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deletedAt?: number;
}

export const KNOWLEDGE_TYPES = ['label', 'document', 'chunk', 'vector_only'] as const;
export type KnowledgeType = (typeof KNOWLEDGE_TYPES)[number];
export const KNOWLEDGE_ROLES = ['label', 'summary', 'chunk_of', 'caption', 'keyword'] as const;
export type KnowledgeRole = (typeof KNOWLEDGE_ROLES)[number];

export interface Knowledge {
  readonly id: string;
  readonly groupId: string;
  readonly knowledgeType: KnowledgeType;
  readonly text?: string;
  readonly embedding?: readonly number[];
  readonly labels?: readonly string[];
  readonly sourceThingId?: string;
  readonly role?: KnowledgeRole;
  readonly createdAt: number;
}
