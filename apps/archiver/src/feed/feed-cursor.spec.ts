import { decodeFeedCursor, encodeFeedCursor } from './feed-cursor';

const feed = { groupId: 'g1', order: 'desc' as const, filter: { from: 10, type: 'user_login' } };
const after = { timestamp: 1_700_000_000_000, id: '0190-a' };

describe('feed cursor', () => {
  it('round-trips a position for the feed that issued it', () => {
    expect(decodeFeedCursor(encodeFeedCursor({ ...feed, after }), feed)).toEqual({ ok: true, value: after });
  });

  it.each([
    ['not base64 json', '!!!'],
    ['an archive read cursor', Buffer.from(JSON.stringify([1, 'events/g1/k', 0])).toString('base64url')],
    ['an empty id', encodeFeedCursor({ ...feed, after: { timestamp: 1, id: '' } })],
  ])('rejects %s as invalid_cursor', (_what, cursor) => {
    expect(decodeFeedCursor(cursor, feed)).toMatchObject({ ok: false, problem: { code: 'invalid_cursor', path: 'cursor' } });
  });

  it.each([
    ['another group', { ...feed, groupId: 'g2' }],
    ['another order', { ...feed, order: 'asc' as const }],
    ['other filters', { ...feed, filter: { from: 10 } }],
  ])('rejects a cursor of %s', (_what, other) => {
    expect(decodeFeedCursor(encodeFeedCursor({ ...feed, after }), other)).toMatchObject({
      ok: false,
      problem: { code: 'invalid_cursor', path: 'cursor', message: expect.stringContaining('another feed') },
    });
  });
});
