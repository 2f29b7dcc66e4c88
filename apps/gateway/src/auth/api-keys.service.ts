import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { isApiKeyFormat, newApiKey, uuidv7 } from '@onescale/platform';
import { GatewayConfig } from '../gateway.config';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyRepository, type ApiKeyDoc } from './api-key.repository';
import { PLATFORM_CALLER, type ApiKeyRole, type Caller, type RateLimit } from './caller';

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();
const MAX_KEY_LENGTH = 256;
/** How often other processes' revocations and rate-limit changes are looked for, and how far back (generous, for clock skew). */
const REVOCATION_POLL_MS = 1000;
const REVOCATION_LOOKBACK_MS = 120_000;

export interface IssuedKey {
  readonly id: string;
  readonly role: ApiKeyRole;
  /** The key itself: shown once, stored only as its SHA-256. */
  readonly key: string;
  readonly rateLimit: RateLimit | null;
}

export interface ApiKeyView {
  readonly id: string;
  readonly role: ApiKeyRole;
  readonly prefix: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly rateLimit: RateLimit | null;
}

/** A limit with neither window limits nothing: it is stored as none. */
const limitOrNone = (rateLimit: RateLimit | null | undefined): RateLimit | null => {
  if (!rateLimit) return null;
  const { perSecond, perMinute } = rateLimit;
  if (perSecond === undefined && perMinute === undefined) return null;
  return { ...(perSecond === undefined ? {} : { perSecond }), ...(perMinute === undefined ? {} : { perMinute }) };
};

const viewOf = (d: ApiKeyDoc): ApiKeyView => ({
  id: d._id,
  role: d.role,
  prefix: d.prefix,
  createdAt: d.createdAt,
  revokedAt: d.revokedAt ?? null,
  rateLimit: d.rateLimit ?? null,
});

/**
 * Api keys: 256 random bits each, so an unsalted SHA-256 is a safe, indexable stored form. Keys are
 * looked up by hash and cached (a MongoDB lookup costs milliseconds on FerretDB); a revocation evicts
 * the key at once in this process, and a watcher evicts keys revoked (or whose rate limit changed)
 * through other gateway processes within about a second.
 */
@Injectable()
export class ApiKeys implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('api-keys');
  private readonly adminDigest: Buffer;
  private readonly cache: ApiKeyCache;
  private watcher?: NodeJS.Timeout;

  constructor(
    config: GatewayConfig,
    private readonly repository: ApiKeyRepository,
  ) {
    this.adminDigest = digest(config.ONESCALE_ADMIN_KEY);
    this.cache = new ApiKeyCache(Date.now, config.API_KEY_CACHE_MS);
  }

  onModuleInit(): void {
    this.watcher = setInterval(() => void this.evictChanged(), REVOCATION_POLL_MS);
    this.watcher.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.watcher);
  }

  /**
   * The caller a bearer token stands for, or null when it is no valid key (unknown or revoked). A
   * token not in the key format, or one found invalid within the last minute, costs no lookup.
   */
  async authenticate(token: string): Promise<Caller | null> {
    if (token.length === 0 || token.length > MAX_KEY_LENGTH) return null;
    const given = digest(token);
    if (timingSafeEqual(given, this.adminDigest)) return PLATFORM_CALLER;
    if (!isApiKeyFormat(token)) return null;
    const hash = given.toString('hex');
    const cached = this.cache.get(hash);
    if (cached) return cached;
    if (this.cache.missed(hash)) return null;
    const ticket = this.cache.begin();
    const doc = await this.repository.findByHash(hash);
    if (!doc || doc.revokedAt !== undefined) {
      this.cache.storeMiss(hash);
      return null;
    }
    const caller: Caller = {
      kind: 'group',
      keyId: doc._id,
      groupId: doc.groupId,
      rootGroupId: doc.rootGroupId,
      role: doc.role,
      ...(doc.rateLimit ? { rateLimit: doc.rateLimit } : {}),
    };
    this.cache.store(ticket, hash, caller);
    return caller;
  }

  async issue(
    group: { readonly id: string; readonly rootGroupId: string },
    role: ApiKeyRole,
    issuedBy: Caller,
    asked?: RateLimit,
  ): Promise<IssuedKey> {
    const key = newApiKey();
    const now = Date.now();
    const rateLimit = limitOrNone(asked);
    const doc: ApiKeyDoc = {
      _id: uuidv7(now),
      groupId: group.id,
      rootGroupId: group.rootGroupId,
      role,
      hash: digest(key).toString('hex'),
      prefix: key.slice(0, 12),
      createdAt: now,
      createdBy: issuedBy.keyId,
      ...(rateLimit ? { rateLimit } : {}),
    };
    await this.repository.insert(doc);
    return { id: doc._id, role, key, rateLimit };
  }

  /** Sets or removes a key's rate limit; null when the group has no such key. Every process applies it within about a second. */
  async limit(groupId: string, keyId: string, rateLimit: RateLimit | null): Promise<ApiKeyView | null> {
    const doc = await this.repository.setRateLimit(groupId, keyId, limitOrNone(rateLimit), Date.now());
    if (!doc) return null;
    this.cache.evict(doc.hash);
    return viewOf(doc);
  }

  /** False when the group has no such key. Revoking twice is not an error. */
  async revoke(groupId: string, keyId: string): Promise<boolean> {
    const doc = await this.repository.findInGroup(groupId, keyId);
    if (!doc) return false;
    if (doc.revokedAt === undefined) await this.repository.markRevoked(doc, Date.now());
    this.cache.evict(doc.hash);
    return true;
  }

  async list(groupId: string): Promise<ApiKeyView[]> {
    const docs = await this.repository.listGroup(groupId);
    return docs.map(viewOf);
  }

  private async evictChanged(): Promise<void> {
    try {
      for (const hash of await this.repository.changedSince(Date.now() - REVOCATION_LOOKBACK_MS)) this.cache.evict(hash);
    } catch (error) {
      this.log.warn({ msg: 'could not look for revoked or changed keys', error: (error as Error).message });
    }
  }
}
