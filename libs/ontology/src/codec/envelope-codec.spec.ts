import type { EventEnvelope, EventOf } from '../contracts/event-map';
import { decodeEnvelope, encodeEnvelope, type EncodedRecord } from './envelope-codec';
import connectionCreated from './fixtures/connection-created.json';
import revenueGenerated from './fixtures/revenue-generated.json';
import thingCreated from './fixtures/thing-created.json';
import usageRecorded from './fixtures/usage-recorded.json';

/**
 * Golden fixtures: each holds an envelope, the producing app, and the exact Kafka record it must
 * encode to. A change to the wire format fails here; if it is intended, it needs a new schema version.
 */
interface Fixture {
  readonly source: string;
  readonly envelope: unknown;
  readonly record: EncodedRecord;
}
const FIXTURES: ReadonlyArray<[string, Fixture]> = [
  ['thing_created', thingCreated],
  ['connection_created', connectionCreated],
  ['revenue_generated', revenueGenerated],
  ['usage_recorded', usageRecorded],
];

const decoded = (value: Parameters<typeof decodeEnvelope>[0]): EventEnvelope => {
  const r = decodeEnvelope(value);
  if (!r.ok) throw new Error(r.problem.message);
  return r.value;
};

describe('envelope codec: golden fixtures', () => {
  it.each(FIXTURES)('%s: encode(decode(value)) is byte-identical', (_name, f) => {
    expect(encodeEnvelope(decoded(f.record.value), f.source).value).toBe(f.record.value);
  });

  it.each(FIXTURES)('%s: decodes to the fixture envelope', (_name, f) => {
    expect(decoded(f.record.value)).toEqual(f.envelope);
  });

  it.each(FIXTURES)('%s: encodes to the stored record (key, timestamp, CloudEvents headers)', (_name, f) => {
    expect(encodeEnvelope(f.envelope as EventEnvelope, f.source)).toEqual(f.record);
  });

  it.each(FIXTURES)('%s: decodes from a UTF-8 Buffer as from a string', (_name, f) => {
    expect(decoded(Buffer.from(f.record.value, 'utf8'))).toEqual(decoded(f.record.value));
  });
});

describe('encodeEnvelope', () => {
  const envelope = revenueGenerated.envelope as EventOf<'revenue_generated'>;

  it('keys by the root group and stamps the ingest time, never the event time', () => {
    const r = encodeEnvelope(envelope, 'ingest');
    expect(r.key).toBe(envelope.rootGroupId);
    expect(r.key).not.toBe(envelope.groupId);
    expect(r.timestamp).toBe(String(envelope.recordedAt));
    expect(r.headers.ce_time).toBe(new Date(envelope.timestamp).toISOString());
  });

  it('writes fields in one order whatever order the object has, and omits absent ids', () => {
    const { data, schemaVersion, recordedAt, timestamp, id, type, groupId, rootGroupId } = envelope;
    const shuffled = { data, schemaVersion, recordedAt, timestamp, id, type, groupId, rootGroupId };
    expect(Object.keys(JSON.parse(encodeEnvelope(shuffled, 'quota').value))).toEqual([
      'id',
      'type',
      'groupId',
      'rootGroupId',
      'timestamp',
      'recordedAt',
      'data',
      'schemaVersion',
    ]);
  });

  it('names the producing app in ce_source', () => {
    expect(encodeEnvelope(envelope, 'archiver').headers.ce_source).toBe('/onescale/archiver');
  });
});

describe('decodeEnvelope rejects what it cannot read', () => {
  const good = JSON.parse(usageRecorded.record.value) as Record<string, unknown>;
  const without = (key: string) => JSON.stringify({ ...good, [key]: undefined });
  const withField = (key: string, value: unknown) => JSON.stringify({ ...good, [key]: value });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['not JSON', '{"id":'],
    ['a JSON array', '[]'],
    ['a JSON string', '"x"'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])],
    ['no id', without('id')],
    ['no type', without('type')],
    ['no groupId', without('groupId')],
    ['no rootGroupId', without('rootGroupId')],
    ['no timestamp', without('timestamp')],
    ['no recordedAt', without('recordedAt')],
    ['no data', without('data')],
    ['no schemaVersion', without('schemaVersion')],
    ['schemaVersion 2', withField('schemaVersion', 2)],
    ['an empty id', withField('id', '')],
    ['a numeric type', withField('type', 7)],
    ['a string timestamp', withField('timestamp', '1732867203000')],
    ['a fractional recordedAt', withField('recordedAt', 1.5)],
    ['a timestamp beyond Date', withField('timestamp', 9e15)],
    ['a null actorId', withField('actorId', null)],
    ['a numeric targetId', withField('targetId', 1)],
    ['array data', withField('data', [])],
    ['null data', withField('data', null)],
  ])('%s', (_what, value) => {
    const r = decodeEnvelope(value as string | Buffer | null | undefined);
    expect(r).toMatchObject({ ok: false, problem: { code: 'undecodable' } });
  });

  it('says which field is wrong', () => {
    const r = decodeEnvelope(withField('schemaVersion', 2));
    expect(r.ok || r.problem.message).toBe('unknown schemaVersion 2 (expected 1)');
  });

  it('ignores unknown extra fields', () => {
    expect(decoded(withField('extra', true))).toEqual(usageRecorded.envelope);
  });
});
