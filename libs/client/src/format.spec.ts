import { formatBytes, formatCount, formatDuration } from './format';

describe('format', () => {
  it('counts with thousands separators', () => {
    expect([formatCount(0), formatCount(1234567), formatCount(999.6)]).toEqual(['0', '1,234,567', '1,000']);
  });

  it('reads durations at a useful precision', () => {
    expect([formatDuration(400), formatDuration(42_000), formatDuration(65_000), formatDuration(3_725_000), formatDuration(-1)]).toEqual([
      '0.4s',
      '42s',
      '1m 05s',
      '1h 02m',
      '–',
    ]);
  });

  it('moves to the next unit once a value rounds to 1024', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(1024 ** 3 - 48_213), formatBytes(20 * 1024 ** 2)]).toEqual([
      '512 B',
      '1.5 KB',
      '1 GB',
      '20 MB',
    ]);
  });
});
