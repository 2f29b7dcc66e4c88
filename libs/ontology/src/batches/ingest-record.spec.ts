import { ingestRejection, MAX_INGEST_RECORD_BYTES, readIngestRecord, type IngestRecord } from './ingest-record';

const item = { type: 'revenue_generated', actorId: 't1', metadata: { amount: 5 } };
const record = (over: Partial<IngestRecord> = {}, headers: Record<string, string | undefined> = {}): IngestRecord => ({
  key: 'g1',
  value: Buffer.from(JSON.stringify(item)),
  ...over,
  headers: { ce_specversion: '1.0', ce_id: 'e-1', ce_type: 'revenue_generated', ce_source: '/billing', ...headers },
});
const codeOf = (r: IngestRecord) => {
  const read = readIngestRecord(r);
  return read.ok ? 'ok' : `${read.problem.code} at ${read.problem.path}`;
};

describe('a record of the ingestion topic', () => {
  it('is one events/batch item of the group its key names, with its CloudEvents identity', () => {
    expect(readIngestRecord(record())).toEqual({ ok: true, value: { groupId: 'g1', ceId: 'e-1', ceSource: '/billing', item } });
  });

  it.each([
    ['ce_id', 'missing_header at ce_id'],
    ['ce_type', 'missing_header at ce_type'],
    ['ce_source', 'missing_header at ce_source'],
    ['ce_specversion', 'missing_header at ce_specversion'],
  ])('refuses a record without %s', (header, expected) => {
    expect(codeOf(record({}, { [header]: undefined }))).toBe(expected);
    expect(codeOf(record({}, { [header]: '' }))).toBe(expected);
  });

  it('refuses another CloudEvents version, a missing key, a value that is no JSON object, and a type other than ce_type', () => {
    expect(codeOf(record({}, { ce_specversion: '0.3' }))).toBe('unsupported_specversion at ce_specversion');
    expect(codeOf(record({ key: null }))).toBe('missing_key at key');
    expect(codeOf(record({ value: null }))).toBe('invalid_json at value');
    expect(codeOf(record({ value: Buffer.from('{"type": ') }))).toBe('invalid_json at value');
    expect(codeOf(record({ value: Buffer.from([0xff, 0xfe]) }))).toBe('invalid_json at value');
    expect(codeOf(record({ value: Buffer.from('[1]') }))).toBe('invalid_json at value');
    expect(codeOf(record({}, { ce_type: 'user_login' }))).toBe('type_mismatch at type');
  });

  it('refuses a value above the limit without parsing it, and reads one at the limit', () => {
    const padded = (bytes: number) => {
      const base = JSON.stringify({ ...item, metadata: { amount: 5, note: '' } });
      return Buffer.from(JSON.stringify({ ...item, metadata: { amount: 5, note: 'x'.repeat(bytes - Buffer.byteLength(base)) } }));
    };
    expect(padded(MAX_INGEST_RECORD_BYTES).byteLength).toBe(MAX_INGEST_RECORD_BYTES);
    expect(codeOf(record({ value: padded(MAX_INGEST_RECORD_BYTES) }))).toBe('ok');
    expect(codeOf(record({ value: padded(MAX_INGEST_RECORD_BYTES + 1) }))).toBe('record_too_large at value');
  });

  it('is rejected with its code, its errors and where it was read', () => {
    const r = record({ key: null }, { ce_id: 'e-9' });
    expect(ingestRejection(r, { partition: 2, offset: 41 }, { code: 'missing_key', message: 'no key', path: 'key' })).toEqual({
      code: 'missing_key',
      message: 'no key',
      errors: [{ path: 'key', message: 'no key' }],
      groupId: null,
      ceId: 'e-9',
      ceType: 'revenue_generated',
      ceSource: '/billing',
      partition: 2,
      offset: 41,
    });
  });
});
