import { estimateArchival, formatBytes } from './estimates';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [1024 ** 2 - 1, '1 MB'],
    [50 * 1024 ** 2, '50 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
    [3 * 1024 ** 4, '3072 GB'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('estimateArchival', () => {
  it('estimates freed hot storage, archive size and time from measurements', () => {
    expect(
      estimateArchival({ eligibleCount: 100_000, avgEventBytes: 524.288, compressionRatio: 8, lastRunEventsPerSecond: 2_000 }),
    ).toEqual({ storageSaved: '50 MB', storageSavedBytes: 52_428_800, archiveSize: '6.3 MB', hoursToArchiveAll: 0.02 });
  });

  it('rounds the time up so pending work never reads 0 hours', () => {
    expect(estimateArchival({ eligibleCount: 10, avgEventBytes: 500, lastRunEventsPerSecond: 10_000 }).hoursToArchiveAll).toBe(0.01);
  });

  it('answers null for what was never measured, and 0 when nothing is eligible', () => {
    expect(estimateArchival({ eligibleCount: 10, avgEventBytes: 500 })).toEqual({
      storageSaved: '4.9 KB',
      storageSavedBytes: 5_000,
      archiveSize: null,
      hoursToArchiveAll: null,
    });
    expect(estimateArchival({ eligibleCount: 0, avgEventBytes: 0 })).toEqual({
      storageSaved: '0 B',
      storageSavedBytes: 0,
      archiveSize: null,
      hoursToArchiveAll: 0,
    });
  });
});
