import { INTERNAL_HEADERS } from '@onescale/ontology';
import { clientResponseHeaders, upstreamRequestHeaders } from './forward-headers';

const caller = { kind: 'group', keyId: 'key-1', groupId: 'g-1', rootGroupId: 'r-1', role: 'writer' } as const;

describe('upstreamRequestHeaders', () => {
  it('forwards the request as the app needs it: body framing, idempotency, content negotiation', () => {
    const out = upstreamRequestHeaders(
      { 'content-type': 'application/json', 'content-length': '42', 'idempotency-key': 'abc', accept: 'application/json' },
      caller,
      'secret-token',
    );
    expect(out).toMatchObject({
      'content-type': 'application/json',
      'content-length': '42',
      'idempotency-key': 'abc',
      accept: 'application/json',
    });
  });

  it('drops the api key, cookies and hop-by-hop headers', () => {
    const out = upstreamRequestHeaders(
      {
        authorization: 'Bearer osk_x',
        cookie: 'a=b',
        connection: 'keep-alive',
        'transfer-encoding': 'chunked',
        host: 'gw',
        expect: '100-continue',
      },
      caller,
      't',
    );
    expect(Object.keys(out).filter((h) => !h.startsWith('x-onescale-'))).toEqual([]);
  });

  it('replaces any internal header a client sends with who is really calling', () => {
    const out = upstreamRequestHeaders(
      {
        [INTERNAL_HEADERS.callerGroupId]: 'platform',
        [INTERNAL_HEADERS.role]: 'admin',
        [INTERNAL_HEADERS.token]: 'guess',
        'x-onescale-other': 'x',
      },
      caller,
      'secret-token',
    );
    expect(out).toEqual({
      [INTERNAL_HEADERS.token]: 'secret-token',
      [INTERNAL_HEADERS.keyId]: 'key-1',
      [INTERNAL_HEADERS.callerGroupId]: 'g-1',
      [INTERNAL_HEADERS.role]: 'writer',
    });
  });

  it('names the platform admin key as caller group `platform`', () => {
    const out = upstreamRequestHeaders({}, { kind: 'platform', keyId: 'platform' }, 't');
    expect(out[INTERNAL_HEADERS.callerGroupId]).toBe('platform');
    expect(out[INTERNAL_HEADERS.role]).toBe('admin');
  });

  it('appends the client address to X-Forwarded-For', () => {
    expect(upstreamRequestHeaders({ 'x-forwarded-for': '10.0.0.1' }, caller, 't', '10.0.0.2')['x-forwarded-for']).toBe(
      '10.0.0.1, 10.0.0.2',
    );
  });
});

describe('clientResponseHeaders', () => {
  it('keeps content headers and drops framing', () => {
    expect(
      clientResponseHeaders({
        'content-type': 'application/problem+json',
        'content-length': '10',
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
      }),
    ).toEqual({
      'content-type': 'application/problem+json',
      'content-length': '10',
    });
  });
});
