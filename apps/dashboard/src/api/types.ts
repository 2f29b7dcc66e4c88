/** The response shapes the dashboard reads (SPEC §2–§6); fields it does not show are left out. */
export interface Group {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly type: string;
  readonly plan: 'starter' | 'pro' | 'enterprise';
  readonly status: string;
  readonly parentGroupId?: string;
  readonly createdAt: number;
}

export interface TopContent {
  readonly entityId: string;
  readonly name: string;
  readonly type: string;
  readonly connectionCount: number;
  readonly createdAt: number;
}

export interface GroupMetrics extends Group {
  readonly _computed: {
    readonly userCount: number;
    readonly activeUsers: number;
    readonly totalEntities: number;
    readonly storageUsed: number;
    readonly storageUsedMB: number;
    readonly apiCallsThisMonth: number;
    readonly revenueThisMonth: number;
    readonly eventsThisMonth: number;
    readonly eventsThisWeek: number;
    readonly eventsPreviousWeek?: number;
    readonly topContentByEngagement: readonly TopContent[];
    readonly averageEngagementPerContent: number;
    readonly avgEventsPerUser: number;
    readonly avgRevenuePerUser: number;
    readonly isActive: boolean;
    readonly trendingUp: boolean;
    readonly lastComputed: number;
  };
}

export interface MetricStatus {
  readonly current: number | null;
  readonly limit: number | null;
  readonly percentUsed: number;
  readonly status: string;
  /** Present when the limit is soft: reported, never refusing a write. */
  readonly soft?: true;
}

export interface HistoryItem {
  readonly periodStart: number;
  readonly value: number;
}

export interface UsageHistory {
  readonly metric: string;
  readonly granularity: 'day' | 'month';
  readonly items: readonly HistoryItem[];
}

export interface QuotaWarning extends MetricStatus {
  readonly metric: string;
}

export interface QuotaStatus {
  readonly group: { readonly id: string; readonly plan: Group['plan'] };
  readonly status: string;
  readonly metrics: Readonly<Record<string, MetricStatus>>;
  readonly warnings: readonly QuotaWarning[];
  readonly recommendations: readonly string[];
  readonly lastUpdated: number;
}

export interface PlanOffer {
  readonly plan?: string;
  readonly name: string;
  readonly monthlyPrice: number | null;
  readonly annualPrice: number | null;
  readonly quotas: Readonly<Record<string, number | null>>;
  readonly upgrade?: { readonly monthlyDifference: number | null; readonly annualDifference: number | null };
}

export interface UpgradePricing {
  readonly current: PlanOffer;
  readonly upgrades: readonly PlanOffer[];
}

export interface CanStore {
  readonly canStore: boolean;
  readonly requestedMB: number;
  readonly availableBytes: number | null;
  readonly reason?: string;
  readonly suggestion?: string;
}

export interface Thing {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly status: string;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** An event of the group's feed (hot or archived). */
export interface FeedEvent {
  readonly id: string;
  readonly type: string;
  readonly groupId: string;
  readonly actorId?: string;
  readonly targetId?: string;
  readonly timestamp: number;
  readonly recordedAt: number;
  readonly metadata: unknown;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
  readonly hasMore: boolean;
}

export interface ThingWithRelationships extends Thing {
  readonly _relationships: {
    readonly inboundCount: number;
    readonly outboundCount: number;
    readonly totalConnections: number;
    readonly connectionTypes: { readonly inbound: Readonly<Record<string, number>>; readonly outbound: Readonly<Record<string, number>> };
  };
}

export interface Relationship {
  readonly id: string;
  readonly fromThingId: string;
  readonly toThingId: string;
  readonly relationshipType: string;
  readonly strength?: number;
  readonly createdAt: number;
  readonly direction: 'inbound' | 'outbound' | 'self';
  readonly related: Thing | null;
}

export interface RelationshipsPage {
  readonly total: number;
  readonly count: number;
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
  readonly relationships: readonly Relationship[];
}

export interface ActivityItem {
  readonly id: string;
  readonly type: string;
  readonly timestamp: number;
  readonly actorId?: string;
  readonly targetId?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly _actor?: { readonly name?: string } | null;
  readonly _target?: { readonly name?: string } | null;
}

export interface ActivityPage {
  readonly activity: readonly ActivityItem[];
  readonly totalEvents: number;
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
}

export interface CreatorStats extends Thing {
  readonly _computed: {
    readonly totalRevenue: number;
    readonly revenueByCurrency?: Readonly<Record<string, number>>;
    readonly totalFollowers: number;
    readonly contentCount: number;
    readonly lastActive: number | null;
    readonly averageEngagement: number;
    readonly totalEvents: number;
    readonly eventsByType: Readonly<Record<string, number>>;
    readonly isActive: boolean;
    readonly accountAge: number;
    readonly revenuePerContent: number;
  };
}

export interface ArchivalStatus {
  readonly eligibleForArchival: number;
  readonly alreadyArchived: number;
  readonly config: Readonly<Record<string, number>>;
  readonly estimates: { readonly storageSaved: string; readonly hoursToArchiveAll: number | null; readonly archiveSize?: string | null };
  readonly lastRun?: unknown;
}

export interface Manifest {
  readonly key: string;
  readonly day: string;
  readonly count: number;
  readonly minTimestamp: number;
  readonly maxTimestamp: number;
  readonly sha256: string;
  readonly bytes: number;
}

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly status: 'active' | 'disabled';
  readonly createdAt: number;
  readonly disabledAt?: number;
}

export interface Delivery {
  readonly id: string;
  readonly type: string;
  readonly attempts: number;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly lastResponseStatus: number | null;
  readonly createdAt: number;
  readonly nextAttemptAt?: number;
}
