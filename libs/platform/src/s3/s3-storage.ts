import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';

export interface S3Settings {
  /** An S3-compatible server (path-style buckets); unset for AWS S3 (virtual-hosted buckets). */
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  /** Static keys; without them the AWS SDK's default credential chain supplies credentials. */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
}

export interface StoredObject {
  readonly key: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The static keys when both are set; otherwise undefined, which makes the SDK use its default chain. */
export const staticCredentials = ({
  accessKeyId,
  secretAccessKey,
}: S3Settings): { accessKeyId: string; secretAccessKey: string } | undefined =>
  accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;

/**
 * The archive's object store over the S3 API. Bodies are Buffers (never streams) and checksums are
 * computed here, so behaviour is the same on AWS and on local S3 servers.
 */
export class S3Storage {
  readonly client: S3Client;

  constructor(readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.endpoint !== undefined,
      credentials: staticCredentials(settings),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  /**
   * Writes an object with its sha256, both as metadata and as the request's checksum: the server
   * computes the checksum of the body it received and refuses the write (BadDigest) unless it
   * matches, then keeps it with the object.
   */
  async put(key: string, body: Buffer, contentType = 'application/gzip'): Promise<StoredObject> {
    const digest = createHash('sha256').update(body).digest();
    const sha256 = digest.toString('hex');
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        Metadata: { sha256 },
        ChecksumSHA256: digest.toString('base64'),
      }),
    );
    return { key, bytes: body.length, sha256 };
  }

  async get(key: string): Promise<Buffer> {
    const reply = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    return Buffer.from(await reply.Body!.transformToByteArray());
  }

  /**
   * Checks the stored object against the expected size and sha256. The server's own checksum of the
   * object (computed from the bytes it received) answers without a download; an object stored
   * without one (written by another client, or a server that keeps none) is read back and hashed.
   */
  async verify(expected: StoredObject): Promise<boolean> {
    const head = await this.client.send(
      new HeadObjectCommand({ Bucket: this.settings.bucket, Key: expected.key, ChecksumMode: 'ENABLED' }),
    );
    const whole = head.ChecksumSHA256 !== undefined && head.ChecksumType !== 'COMPOSITE' && !head.ChecksumSHA256.includes('-');
    if (whole) {
      return head.ContentLength === expected.bytes && Buffer.from(head.ChecksumSHA256!, 'base64').toString('hex') === expected.sha256;
    }
    const body = await this.get(expected.key);
    return body.length === expected.bytes && createHash('sha256').update(body).digest('hex') === expected.sha256;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<Array<{ key: string; bytes: number }>> {
    const out: Array<{ key: string; bytes: number }> = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) out.push({ key: o.Key!, bytes: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  /** Creates the bucket when it is missing (idempotent; a bucket we already own is fine). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
      return;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 404 && (error as Error).name !== 'NotFound') throw error;
    }
    try {
      // Outside us-east-1, AWS requires the region as the bucket's location.
      const location =
        this.settings.region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: this.settings.region as BucketLocationConstraint } };
      await this.client.send(new CreateBucketCommand({ Bucket: this.settings.bucket, ...location }));
    } catch (error) {
      if (!/BucketAlreadyOwnedByYou|BucketAlreadyExists/.test((error as Error).name)) throw error;
    }
  }

  async ping(): Promise<boolean> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
    return true;
  }

  destroy(): void {
    this.client.destroy();
  }
}
