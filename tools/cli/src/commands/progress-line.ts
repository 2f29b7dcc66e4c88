import { formatBytes, formatCount, formatDuration, type ImportProgress } from '../../../../libs/client/src';

/**
 * One line of import progress: a bar of the file read, lines settled, failures, rate and ETA, e.g.
 * `[██████░░░░░░░░░░░░░░]  31% 12.4 MB/40 MB  62,000 lines  3 failed  8,912/s  ETA 4s`.
 */
export function progressLine(p: ImportProgress, width = 20): string {
  const fraction = p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : null;
  const filled = fraction === null ? 0 : Math.round(fraction * width);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
  const percent = fraction === null ? '' : ` ${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const size = p.totalBytes ? ` ${formatBytes(p.bytesRead)}/${formatBytes(p.totalBytes)}` : ` ${formatBytes(p.bytesRead)}`;
  const eta = p.etaMs === null ? 'ETA –' : `ETA ${formatDuration(p.etaMs)}`;
  return `${bar}${percent}${size}  ${formatCount(p.succeeded + p.failed)} lines  ${formatCount(p.failed)} failed  ${formatCount(p.itemsPerSecond)}/s  ${eta}`;
}

/** Redraws one line on a terminal at most every `intervalMs`; elsewhere prints a line every `logEveryMs`. */
export function progressPrinter(stream: NodeJS.WriteStream, now: () => number, intervalMs = 100, logEveryMs = 5000) {
  let last = -Infinity;
  let drawn = false;
  return {
    update(p: ImportProgress): void {
      const t = now();
      if (t - last < (stream.isTTY ? intervalMs : logEveryMs)) return;
      last = t;
      if (stream.isTTY) {
        stream.write(`\r${progressLine(p).slice(0, Math.max(20, (stream.columns ?? 120) - 1))}\u001b[K`);
        drawn = true;
      } else stream.write(`${progressLine(p)}\n`);
    },
    done(p: ImportProgress): void {
      if (stream.isTTY) stream.write(`\r${progressLine(p).slice(0, Math.max(20, (stream.columns ?? 120) - 1))}\u001b[K\n`);
      else if (drawn || p.lines > 0) stream.write(`${progressLine(p)}\n`);
    },
  };
}
