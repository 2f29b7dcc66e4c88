import { archiveCutoff, checkDaysCutoff, DEFAULT_ARCHIVAL_CONFIG, isEligible, isPurgeable, retentionCutoff } from './archival-config';

const NOW = Date.UTC(2026, 2, 1, 2, 0);
const DAY = 86_400_000;

describe('archival config', () => {
  it('keeps the seed values', () => {
    expect(DEFAULT_ARCHIVAL_CONFIG).toEqual({ AGE_THRESHOLD_DAYS: 365, BATCH_SIZE: 1000, RETENTION_DAYS: 2555 });
  });

  it('archives events strictly older than the cutoff', () => {
    const cutoff = archiveCutoff(NOW, 365);
    expect(cutoff).toBe(NOW - 365 * DAY);
    expect(isEligible({ timestamp: cutoff - 1 }, cutoff)).toBe(true);
    expect(isEligible({ timestamp: cutoff }, cutoff)).toBe(false);
  });

  it('with a cutoff of 0 days archives everything before now', () => {
    expect(archiveCutoff(NOW, 0)).toBe(NOW);
    expect(isEligible({ timestamp: NOW - 1 }, archiveCutoff(NOW, 0))).toBe(true);
  });

  it('purges an object only when its newest event is past the retention', () => {
    const cutoff = retentionCutoff(NOW, 2555);
    expect(cutoff).toBe(NOW - 2555 * DAY);
    expect(isPurgeable({ maxTimestamp: cutoff - 1 }, cutoff)).toBe(true);
    expect(isPurgeable({ maxTimestamp: cutoff }, cutoff)).toBe(false);
  });

  it('validates a manual run cutoff', () => {
    expect(checkDaysCutoff(undefined, 365)).toEqual({ ok: true, value: 365 });
    expect(checkDaysCutoff(0, 365)).toEqual({ ok: true, value: 0 });
    for (const bad of [-1, 1.5, '30', Number.POSITIVE_INFINITY]) {
      expect(checkDaysCutoff(bad, 365)).toMatchObject({ ok: false, problem: { code: 'validation_failed', path: 'daysCutoff' } });
    }
  });
});
