import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * patches/kafkajs+<version>.patch (applied by `npm ci` through patch-package): kafkajs's Encoder
 * takes its buffers from Node's pool instead of zero-filling a fresh 512-byte buffer for every
 * record and every header (seven per event). Only the bytes written are ever sent, so the encoding
 * is unchanged; a 10,000-record batch encodes in about 0.6 of the time.
 */
type EncoderClass = new (initialSize?: number) => { buf: Buffer };
type RecordFn = (r: {
  offsetDelta: number;
  timestampDelta: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}) => unknown;
type RecordBatchFn = (b: {
  firstOffset: string;
  firstTimestamp: number;
  maxTimestamp: number;
  records: unknown[];
  compression: number;
}) => Promise<{ buffer: Buffer }>;

// kafkajs ships no types for its protocol modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const internal = <T>(module: string): T => require(`kafkajs/src/protocol/${module}`) as T;

const root = path.resolve(__dirname, '..', '..', '..', '..');

describe('the kafkajs patch', () => {
  it('is made for the kafkajs version installed', () => {
    const installed = (JSON.parse(readFileSync(require.resolve('kafkajs/package.json'), 'utf8')) as { version: string }).version;
    expect(readdirSync(path.join(root, 'patches')).filter((f) => f.startsWith('kafkajs+'))).toEqual([`kafkajs+${installed}.patch`]);
  });

  it('is applied: an encoder’s buffer is a slice of Node’s pool, not a buffer of its own', () => {
    const Encoder = internal<EncoderClass>('encoder');
    const { buf } = new Encoder();
    expect(buf.length).toBe(512);
    expect(buf.buffer.byteLength).toBe(Buffer.poolSize);
  });

  it('leaves the encoding as it was: a record batch is byte for byte the one the unpatched encoder wrote', async () => {
    const Record = internal<RecordFn>('recordBatch/record/v0');
    const { RecordBatch } = internal<{ RecordBatch: RecordBatchFn }>('recordBatch/v0');
    Buffer.allocUnsafe(4000).fill(0xa5); // what the pool held before must not show through
    const value = JSON.stringify({ id: 'evt_1', data: { text: 'é'.repeat(300) } }); // grows the record's encoder past 512 bytes
    const records = [0, 1].map((i) =>
      Record({ offsetDelta: i, timestampDelta: i, key: 'grp_a', value, headers: { ce_id: `evt_${i}`, ce_type: 'thing_created' } }),
    );
    const batch = await RecordBatch({
      firstOffset: '0',
      firstTimestamp: 1796615554381,
      maxTimestamp: 1796615554382,
      records,
      compression: 0,
    });
    expect(batch.buffer.length).toBe(1423);
    expect(createHash('sha256').update(batch.buffer).digest('hex')).toBe(
      '0cfdc5d2aaae517325f59b996ffd1b86cbd2b0f2a09f69ff4f6c5443d546b6f9',
    );
  });
});
