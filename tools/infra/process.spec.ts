const { waitFor } = require('./process') as {
  waitFor(what: string, probe: () => Promise<unknown>, timeoutMs: number, onFail?: () => boolean, signal?: AbortSignal): Promise<unknown>;
};

describe('waitFor', () => {
  it('returns what the probe answers once it answers', async () => {
    let calls = 0;
    await expect(waitFor('server', async () => (++calls === 2 ? 'up' : null), 5_000)).resolves.toBe('up');
    expect(calls).toBe(2);
  });

  it('says the process stopped, at once, when it exits before it is ready', async () => {
    const started = Date.now();
    const refused = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:7070');
    };
    await expect(waitFor('s3', refused, 30_000, () => true)).rejects.toThrow(
      's3 stopped before it was ready (last probe: connect ECONNREFUSED 127.0.0.1:7070)',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('names the timeout when the process lives but never answers', async () => {
    await expect(
      waitFor(
        'kafka',
        async () => false,
        1_000,
        () => false,
      ),
    ).rejects.toThrow('kafka was not ready in 1 s');
  });
});
