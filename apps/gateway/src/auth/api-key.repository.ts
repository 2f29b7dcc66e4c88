import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { InjectMongo } from '@onescale/platform';
import type { ApiKeyRole, RateLimit } from './caller';

/** A stored api key: never the key itself, only its SHA-256 and a short prefix to recognise it by. */
export interface ApiKeyDoc {
  readonly _id: string;
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly role: ApiKeyRole;
  readonly hash: string;
  readonly prefix: string;
  readonly createdAt: number;
  /** The key id that issued it (`platform` for the platform admin key). */
  readonly createdBy: string;
  readonly revokedAt?: number;
  readonly rateLimit?: RateLimit;
  /** When the rate limit last changed (other gateway processes drop their cached copy). */
  readonly changedAt?: number;
}

/** The `api_keys` collection: a unique index on the hash, looked up on every request. */
@Injectable()
export class ApiKeyRepository implements OnModuleInit {
  private readonly keys: Collection<ApiKeyDoc>;

  constructor(@InjectMongo() connection: Connection) {
    this.keys = connection.db!.collection<ApiKeyDoc>('api_keys');
  }

  async onModuleInit(): Promise<void> {
    await this.keys.createIndex({ hash: 1 }, { unique: true, name: 'hash_unique' });
    await this.keys.createIndex({ groupId: 1, createdAt: 1 }, { name: 'group_created' });
    await this.keys.createIndex({ revokedAt: 1 }, { name: 'revoked_at' });
    await this.keys.createIndex({ changedAt: 1 }, { name: 'changed_at' });
  }

  async insert(doc: ApiKeyDoc): Promise<void> {
    await this.keys.insertOne(doc);
  }

  findByHash(hash: string): Promise<ApiKeyDoc | null> {
    return this.keys.findOne({ hash });
  }

  findInGroup(groupId: string, keyId: string): Promise<ApiKeyDoc | null> {
    return this.keys.findOne({ _id: keyId, groupId });
  }

  listGroup(groupId: string): Promise<ApiKeyDoc[]> {
    return this.keys.find({ groupId }).sort({ createdAt: 1 }).limit(1000).toArray();
  }

  /** Hashes of keys revoked, or whose rate limit changed, at or after `since` (epoch ms). */
  async changedSince(since: number): Promise<string[]> {
    const docs = await this.keys
      .find({ $or: [{ revokedAt: { $gte: since } }, { changedAt: { $gte: since } }] }, { projection: { hash: 1 } })
      .limit(10_000)
      .toArray();
    return docs.map((d) => d.hash);
  }

  /** Sets or (null) removes a key's rate limit; null when the group has no such key. */
  async setRateLimit(groupId: string, keyId: string, rateLimit: RateLimit | null, at: number): Promise<ApiKeyDoc | null> {
    const filter = { _id: keyId, groupId };
    const options = { returnDocument: 'after' } as const;
    return rateLimit === null
      ? this.keys.findOneAndUpdate(filter, { $unset: { rateLimit: true }, $set: { changedAt: at } }, options)
      : this.keys.findOneAndUpdate(filter, { $set: { rateLimit, changedAt: at } }, options);
  }

  /** Revocation only ever sets revokedAt once; a concurrent second revocation writes the same fact. */
  async markRevoked(keyId: string, at: number): Promise<void> {
    await this.keys.updateOne({ _id: keyId, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
  }
}
