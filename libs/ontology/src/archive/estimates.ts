const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Bytes as a person reads them: binary units up to GB, at most one decimal ("50 MB", "1.5 GB"). */
export const formatBytes = (bytes: number): string => {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  // Compare after rounding so 1,048,575 B reads "1 MB", not "1024 KB".
  while (unit < UNITS.length - 1 && round1(value) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${sign}${round1(value)} ${UNITS[unit]}`;
};

export interface ArchivalEstimateInput {
  readonly eligibleCount: number;
  /** Average stored size of a hot event, measured (e.g. collection size / count). */
  readonly avgEventBytes: number;
  /** NDJSON bytes per archived byte, measured over manifests; unknown before the first run. */
  readonly compressionRatio?: number | null;
  /** Throughput of the last completed run; unknown before the first run. */
  readonly lastRunEventsPerSecond?: number | null;
}

export interface ArchivalEstimate {
  /** Hot-store space the eligible events free, e.g. "50 MB". */
  readonly storageSaved: string;
  readonly storageSavedBytes: number;
  /** What they will take in the archive; null until a compression ratio has been measured. */
  readonly archiveSize: string | null;
  /** Rounded up to 1/100 h; 0 when nothing is eligible; null until a run's throughput is known. */
  readonly hoursToArchiveAll: number | null;
}

/**
 * The seed's estimates, from measurements instead of guesses. "Saved" is the hot store's space: that
 * is the expensive tier archival exists to relieve; the archive's own cost is `archiveSize`.
 * Unknown inputs give null rather than an invented figure.
 */
export const estimateArchival = (input: ArchivalEstimateInput): ArchivalEstimate => {
  const eligible = Math.max(0, input.eligibleCount);
  const savedBytes = Math.round(eligible * Math.max(0, input.avgEventBytes));
  const ratio = input.compressionRatio;
  const eps = input.lastRunEventsPerSecond;
  const hours = eligible === 0 ? 0 : eps === undefined || eps === null || eps <= 0 ? null : Math.ceil((eligible / eps / 3600) * 100) / 100;
  return {
    storageSaved: formatBytes(savedBytes),
    storageSavedBytes: savedBytes,
    archiveSize: ratio === undefined || ratio === null || ratio <= 0 ? null : formatBytes(Math.round(savedBytes / ratio)),
    hoursToArchiveAll: hours,
  };
};
