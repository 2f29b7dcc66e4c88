import { createWriteStream, openSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { LINE_ERRORS_CSV_HEADER, lineErrorToCsv, lineErrorToNdjson, type LineError } from '../../../../libs/client/src';

/**
 * The failed lines of an import, written as they come (NDJSON, or CSV when the name ends in .csv),
 * with backpressure, so a file full of errors does not fill memory. Removed at the end when empty,
 * so after a run the file exists exactly when something failed.
 */
export class ErrorsFile {
  private readonly stream: WriteStream;
  private readonly csv: boolean;
  count = 0;

  constructor(readonly path: string) {
    this.csv = /\.csv$/i.test(path);
    // opened here so a bad path fails before anything is imported
    this.stream = createWriteStream(path, { fd: openSync(path, 'w'), encoding: 'utf8' });
    if (this.csv) this.stream.write(`${LINE_ERRORS_CSV_HEADER}\n`);
  }

  async write(errors: readonly LineError[]): Promise<void> {
    const text = errors.map((e) => `${this.csv ? lineErrorToCsv(e) : lineErrorToNdjson(e)}\n`).join('');
    this.count += errors.length;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Closes the file; true when it was kept (it holds errors). */
  async close(): Promise<boolean> {
    this.stream.end();
    await once(this.stream, 'close');
    if (this.count === 0) rmSync(this.path, { force: true });
    return this.count > 0;
  }
}
