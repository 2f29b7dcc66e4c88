import { toProblem } from './problem-details.filter';
import { isDependencyUnavailable } from './unavailable';

const named = (name: string, extra: object = {}): Error => Object.assign(new Error(name), { name }, extra);

describe('isDependencyUnavailable', () => {
  it.each(['MongoServerSelectionError', 'MongoNetworkError', 'MongoPoolClearedError', 'KafkaJSConnectionError'])(
    'recognises %s',
    (name) => {
      expect(isDependencyUnavailable(named(name))).toBe(true);
    },
  );

  it('recognises refused connections and wrapped causes', () => {
    expect(isDependencyUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyUnavailable(named('KafkaJSNumberOfRetriesExceeded', { originalError: named('KafkaJSConnectionError') }))).toBe(true);
    expect(isDependencyUnavailable(new Error('outer', { cause: named('MongoNetworkTimeoutError') }))).toBe(true);
  });

  it("recognises the embedded store's transient SQLite states, as FerretDB reports them", () => {
    const schema =
      '[msg_find.go:344 handler.handleMaxTimeMSError] [collection.go:94 sqlite.(*collection).Query] database schema has changed (17)';
    expect(isDependencyUnavailable(named('MongoServerError', { message: schema }))).toBe(true);
    expect(isDependencyUnavailable(named('MongoServerError', { message: 'database is locked (5) (SQLITE_BUSY)' }))).toBe(true);
    expect(isDependencyUnavailable(new Error('database schema has changed'))).toBe(false);
  });

  it('does not excuse bugs or other server errors', () => {
    expect(isDependencyUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDependencyUnavailable(named('MongoServerError', { code: 11000 }))).toBe(false);
    expect(isDependencyUnavailable(undefined)).toBe(false);
  });
});

describe('toProblem', () => {
  it('answers a dependency outage with 503 service_unavailable and a retry hint', () => {
    const body = toProblem(named('MongoServerSelectionError'), '/v1/groups/g/events/batch');
    expect(body).toMatchObject({ status: 503, code: 'service_unavailable', retryAfterSeconds: 2 });
  });

  it('keeps answering 500 for an unexpected error', () => {
    expect(toProblem(new Error('boom'))).toMatchObject({ status: 500, code: 'internal_error' });
  });
});
