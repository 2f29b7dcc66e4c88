import { atOrAbove } from './commands/quotas.command';
import { progressLine } from './commands/progress-line';
import { bar, table } from './output';
import { CliError } from './exit-codes';
import { settingsOf } from './settings';

describe('settingsOf', () => {
  it('prefers options over the environment and trims a trailing slash', () => {
    expect(settingsOf({ url: 'http://a:1/', key: 'k1' }, { ONESCALE_URL: 'http://b:2', ONESCALE_API_KEY: 'k2' })).toEqual({
      url: 'http://a:1',
      key: 'k1',
      json: false,
    });
    expect(settingsOf({ json: true }, { ONESCALE_URL: 'http://b:2', ONESCALE_API_KEY: 'k2' })).toEqual({
      url: 'http://b:2',
      key: 'k2',
      json: true,
    });
    expect(settingsOf({}, {})).toEqual({ url: 'http://127.0.0.1:3000', key: undefined, json: false });
  });

  it('refuses a URL that is not http(s), as a usage error', () => {
    expect(() => settingsOf({ url: 'localhost:3000' }, {})).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => settingsOf({ url: 'ftp://x' }, {})).toThrow(CliError);
  });
});

describe('progressLine', () => {
  it('shows the share of the file read, lines, failures, rate and ETA', () => {
    const line = progressLine(
      {
        bytesRead: 5 * 1024 * 1024,
        totalBytes: 20 * 1024 * 1024,
        lines: 50_000,
        succeeded: 49_990,
        failed: 10,
        batches: 5,
        retries: 0,
        elapsedMs: 10_000,
        itemsPerSecond: 5_000,
        etaMs: 30_000,
      },
      8,
    );
    expect(line).toBe('[██░░░░░░]  25% 5 MB/20 MB  50,000 lines  10 failed  5,000/s  ETA 30s');
  });

  it('says the ETA is unknown before anything settled', () => {
    expect(
      progressLine(
        {
          bytesRead: 0,
          totalBytes: 100,
          lines: 0,
          succeeded: 0,
          failed: 0,
          batches: 0,
          retries: 0,
          elapsedMs: 5,
          itemsPerSecond: 0,
          etaMs: null,
        },
        4,
      ),
    ).toContain('ETA –');
  });
});

describe('atOrAbove', () => {
  it('compares the overall quota status with a --fail-on level', () => {
    expect([
      atOrAbove('healthy', 'warning'),
      atOrAbove('warning', 'warning'),
      atOrAbove('critical', 'warning'),
      atOrAbove('critical', 'exceeded'),
    ]).toEqual([false, true, true, false]);
  });
});

describe('table and bar', () => {
  it('pads columns, right-aligning the ones named', () => {
    expect(
      table(
        [
          ['metric', 'used'],
          ['users', '4'],
          ['entities_total', '1,200'],
        ],
        [1],
      ),
    ).toEqual(['metric           used', 'users               4', 'entities_total  1,200']);
  });

  it('fills a bar in proportion, clamped to 0..100%', () => {
    expect([bar(50, 4), bar(150, 4), bar(-5, 4)]).toEqual(['██░░', '████', '░░░░']);
  });
});
