import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { fromNdjson, toNdjson, type ArchiveObjectPlan, type EventEnvelope } from '@onescale/ontology';
import { InjectS3, S3Storage, sha256Hex } from '@onescale/platform';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** An object ready to upload: its gzipped NDJSON body and what the manifest records of it. */
export interface PreparedObject {
  readonly plan: ArchiveObjectPlan;
  readonly body: Buffer;
  readonly sha256: string;
  readonly bytes: number;
  readonly uncompressedBytes: number;
}

/** What a reader needs to fetch and check an object. */
export interface ObjectRef {
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** The stored body does not match its manifest (missing, truncated or altered). */
export class ArchiveObjectCorrupt extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`archive object ${key} ${reason}`);
  }
}

const isMissing = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

/** The archive's objects in S3: gzip NDJSON, written, verified and read against their checksums. */
@Injectable()
export class ArchiveObjects implements OnModuleInit {
  private readonly log = new Logger(ArchiveObjects.name);

  constructor(@InjectS3() private readonly storage: S3Storage) {}

  /** The bucket is created at boot when missing; an unreachable S3 only delays that to the first run. */
  async onModuleInit(): Promise<void> {
    await this.ensureBucket().catch((error: Error) =>
      this.log.warn({ msg: 'could not ensure the archive bucket at boot', error: error.message }),
    );
  }

  ensureBucket(): Promise<void> {
    return this.storage.ensureBucket();
  }

  async prepare(plan: ArchiveObjectPlan): Promise<PreparedObject> {
    const ndjson = Buffer.from(toNdjson(plan.events), 'utf8');
    // zlib runs on the libuv pool: compression overlaps reading and uploading on the main thread.
    const body = await gzipAsync(ndjson);
    return { plan, body, sha256: sha256Hex(body), bytes: body.length, uncompressedBytes: ndjson.length };
  }

  async upload(object: PreparedObject): Promise<void> {
    await this.storage.put(object.plan.key, object.body);
  }

  /** True when the stored object has exactly the expected size and sha256; false when it is absent or differs. */
  async verify(ref: ObjectRef): Promise<boolean> {
    try {
      return await this.storage.verify({ key: ref.key, bytes: ref.bytes, sha256: ref.sha256 });
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** The object's events, after checking the body against the manifest's size and checksum. */
  async read(ref: ObjectRef): Promise<EventEnvelope[]> {
    let body: Buffer;
    try {
      body = await this.storage.get(ref.key);
    } catch (error) {
      if (isMissing(error)) throw new ArchiveObjectCorrupt(ref.key, 'is missing');
      throw error;
    }
    if (body.length !== ref.bytes || sha256Hex(body) !== ref.sha256) throw new ArchiveObjectCorrupt(ref.key, 'does not match its checksum');
    return fromNdjson((await gunzipAsync(body)).toString('utf8'));
  }

  /** Deletes an object; deleting one that is already gone succeeds. */
  async remove(key: string): Promise<void> {
    await this.storage.delete(key);
  }
}
