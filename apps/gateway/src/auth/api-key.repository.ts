import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { InjectMongo, insertAll, uuidv7 } from '@onescale/platform';
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

/** A key's hash as `_id`, naming the key: how a bearer token finds its key by `_id` alone. */
interface KeyHashDoc {
  readonly _id: string;
  readonly keyId: string;
}

/** A revocation or rate-limit change, kept for the look-back window of the processes that poll for them. */
interface KeyChangeDoc {
  readonly _id: string;
  readonly hash: string;
  readonly at: number;
}

/** How long a change is kept: well past any poll's look-back. */
const CHANGES_KEPT_MS = 10 * 60_000;
const PRUNE_EVERY_MS = 60_000;
const BACKFILL_CHUNK = 1000;

/**
 * The `api_keys` collection and two beside it that every request and every poll read instead of it:
 * `api_key_hashes` (a key by its hash's `_id`: a request's key lookup) and `api_key_changes`
 * (recent revocations and rate-limit changes: what each gateway polls every second). Neither read
 * costs in proportion to every tenant's keys on FerretDB, which scans a collection for any filter
 * but `_id`: a bearer token that matches nothing, sent over and over, scans nothing.
 */
@Injectable()
export class ApiKeyRepository implements OnModuleInit {
  private readonly keys: Collection<ApiKeyDoc>;
  private readonly hashes: Collection<KeyHashDoc>;
  private readonly changes: Collection<KeyChangeDoc>;
  private prunedAt = 0;

  constructor(@InjectMongo() connection: Connection) {
    this.keys = connection.db!.collection<ApiKeyDoc>('api_keys');
    this.hashes = connection.db!.collection<KeyHashDoc>('api_key_hashes');
    this.changes = connection.db!.collection<KeyChangeDoc>('api_key_changes');
  }

  async onModuleInit(): Promise<void> {
    await this.keys.createIndex({ hash: 1 }, { unique: true, name: 'hash_unique' });
    await this.keys.createIndex({ groupId: 1, createdAt: 1 }, { name: 'group_created' });
    await this.changes.createIndex({ at: 1 }, { name: 'at' });
    await this.indexHashes();
  }

  /**
   * Names every stored key by its hash (keys stored before the hashes were kept; idempotent), at a
   * start that finds fewer names than keys: once every key has its name, a start costs two counts.
   */
  private async indexHashes(): Promise<void> {
    const [names, keys] = await Promise.all([this.hashes.estimatedDocumentCount(), this.keys.estimatedDocumentCount()]);
    if (names >= keys) return;
    let chunk: KeyHashDoc[] = [];
    for await (const key of this.keys.find({}, { projection: { hash: 1 } })) {
      chunk.push({ _id: key.hash, keyId: key._id });
      if (chunk.length >= BACKFILL_CHUNK) {
        await insertAll(this.hashes, chunk);
        chunk = [];
      }
    }
    await insertAll(this.hashes, chunk);
  }

  /** The hash first: a crash before the key leaves a name of nothing, which finds nothing. */
  async insert(doc: ApiKeyDoc): Promise<void> {
    await this.hashes.insertOne({ _id: doc.hash, keyId: doc._id });
    await this.keys.insertOne(doc);
  }

  /** Two lookups by `_id`: the hash's entry, then the key it names. */
  async findByHash(hash: string): Promise<ApiKeyDoc | null> {
    const entry = await this.hashes.findOne({ _id: hash });
    if (entry === null) return null;
    const doc = await this.keys.findOne({ _id: entry.keyId });
    return doc !== null && doc.hash === hash ? doc : null;
  }

  findInGroup(groupId: string, keyId: string): Promise<ApiKeyDoc | null> {
    return this.keys.findOne({ _id: keyId, groupId });
  }

  listGroup(groupId: string): Promise<ApiKeyDoc[]> {
    return this.keys.find({ groupId }).sort({ createdAt: 1 }).limit(1000).toArray();
  }

  /** Hashes of keys revoked, or whose rate limit changed, at or after `since` (epoch ms). */
  async changedSince(since: number): Promise<string[]> {
    if (Date.now() - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = Date.now();
      await this.changes.deleteMany({ at: { $lt: Date.now() - CHANGES_KEPT_MS } });
    }
    const docs = await this.changes.find({ at: { $gte: since } }, { projection: { hash: 1 } }).toArray();
    return [...new Set(docs.map((d) => d.hash))];
  }

  /** Sets or (null) removes a key's rate limit; null when the group has no such key. */
  async setRateLimit(groupId: string, keyId: string, rateLimit: RateLimit | null, at: number): Promise<ApiKeyDoc | null> {
    const filter = { _id: keyId, groupId };
    const options = { returnDocument: 'after' } as const;
    const doc =
      rateLimit === null
        ? await this.keys.findOneAndUpdate(filter, { $unset: { rateLimit: true }, $set: { changedAt: at } }, options)
        : await this.keys.findOneAndUpdate(filter, { $set: { rateLimit, changedAt: at } }, options);
    if (doc !== null) await this.changed(doc.hash, at);
    return doc;
  }

  /** Revocation only ever sets revokedAt once; a concurrent second revocation writes the same fact. */
  async markRevoked(doc: ApiKeyDoc, at: number): Promise<void> {
    await this.keys.updateOne({ _id: doc._id, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
    await this.changed(doc.hash, at);
  }

  /** After the key's own write: a process that drops its cached copy reads the new one. */
  private async changed(hash: string, at: number): Promise<void> {
    await this.changes.insertOne({ _id: uuidv7(at), hash, at });
  }
}
