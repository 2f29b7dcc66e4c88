/**
 * Incremental readers that turn a file's text, fed in chunks of any size, into records that know
 * the (1-based) line they start on and their raw text. Nothing holds more than one record: a 1 GB
 * file streams through in constant memory, and a runaway record (an unbalanced CSV quote, a
 * missing newline) is cut off at `MAX_RECORD_CHARS` and reported instead of buffered.
 */
export const MAX_RECORD_CHARS = 1024 * 1024;

export interface TextRecord {
  readonly line: number;
  readonly raw: string;
  /** CSV cells; absent for NDJSON lines. */
  readonly cells?: string[];
  /** Why the record could not be read (too long, broken quoting). */
  readonly problem?: { readonly code: string; readonly message: string };
}

export interface RecordReader {
  push(text: string): TextRecord[];
  end(): TextRecord[];
}

const tooLong = (line: number, raw: string): TextRecord => ({
  line,
  raw: raw.slice(0, 200),
  problem: {
    code: 'record_too_long',
    message: `the record is longer than ${MAX_RECORD_CHARS} characters (is a newline or a closing quote missing?)`,
  },
});

const stripBom = (text: string, first: boolean): string => (first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** NDJSON: one record per line; blank lines are skipped; `\r\n` endings are accepted. */
export function lineReader(): RecordReader {
  let rest = '';
  let line = 0;
  let skipping = false;
  let first = true;
  const record = (text: string): TextRecord | null => {
    line += 1;
    if (text.length > MAX_RECORD_CHARS) return tooLong(line, text);
    const raw = text.endsWith('\r') ? text.slice(0, -1) : text;
    return raw.trim() === '' ? null : { line, raw };
  };
  return {
    push(chunk) {
      const text = rest + stripBom(chunk, first);
      first = false;
      const out: TextRecord[] = [];
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        if (skipping) {
          line += 1;
          skipping = false;
        } else {
          const r = record(text.slice(start, nl));
          if (r) out.push(r);
        }
        start = nl + 1;
      }
      rest = text.slice(start);
      if (!skipping && rest.length > MAX_RECORD_CHARS) {
        out.push(tooLong(line + 1, rest));
        skipping = true;
      }
      if (skipping) rest = '';
      return out;
    },
    end() {
      if (skipping || rest === '') return [];
      const r = record(rest);
      rest = '';
      return r ? [r] : [];
    },
  };
}

/**
 * CSV after RFC 4180: comma-separated, fields optionally in double quotes, `""` inside quotes is a
 * quote, quoted fields may span lines; `\n`, `\r\n` and `\r` end a record; blank lines are skipped.
 * Text after a closing quote (`"a"b`) makes the record fail with `bad_quotes`.
 */
export function csvReader(): RecordReader {
  let cells: string[] = [];
  let field = '';
  let raw = '';
  let quoted = false; // inside a quoted field
  let afterQuote = false; // just saw a quote inside a quoted field (closing, or the first of "")
  let wasQuoted = false; // the current field was quoted and is closed
  let bad: string | null = null;
  let line = 1; // current physical line
  let startLine = 1;
  let pendingCr = false;
  let skipping = false;
  let first = true;

  const reset = (): void => {
    cells = [];
    field = '';
    raw = '';
    quoted = afterQuote = wasQuoted = false;
    bad = null;
  };
  const finish = (out: TextRecord[]): void => {
    cells.push(field);
    const blank = cells.length === 1 && cells[0] === '' && !wasQuoted && raw.trim() === '';
    if (!blank) {
      out.push(bad ? { line: startLine, raw, cells, problem: { code: 'bad_quotes', message: bad } } : { line: startLine, raw, cells });
    }
    reset();
  };

  const step = (ch: string, out: TextRecord[]): void => {
    if (skipping) {
      if (ch === '\n' || ch === '\r') {
        skipping = false;
        reset();
        startLine = line + 1;
      }
      if (ch === '\n' || ch === '\r') line += 1;
      return;
    }
    if (quoted) {
      if (afterQuote) {
        afterQuote = false;
        if (ch === '"') {
          field += '"';
          raw += ch;
          return;
        }
        quoted = false;
        wasQuoted = true;
        // fall through: the character after a closing quote is handled as unquoted
      } else {
        raw += ch;
        if (ch === '"') afterQuote = true;
        else if (ch === '\n') {
          field = field.endsWith('\r') ? `${field.slice(0, -1)}\n` : `${field}\n`; // \r\n inside quotes reads as \n
          line += 1;
        } else field += ch;
        return;
      }
    }
    if (ch === ',') {
      raw += ch;
      cells.push(field);
      field = '';
      wasQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      finish(out);
      line += 1;
      startLine = line;
    } else if (ch === '"' && field === '' && !wasQuoted) {
      raw += ch;
      quoted = true;
    } else {
      raw += ch;
      if (wasQuoted && bad === null) bad = `unexpected text after a closing quote in column ${cells.length + 1}`;
      field += ch;
    }
  };

  return {
    push(chunk) {
      const text = stripBom(chunk, first);
      first = false;
      const out: TextRecord[] = [];
      const special = /[,"\r\n]/g;
      for (let i = 0; i < text.length; i++) {
        if (!quoted && !skipping && !pendingCr) {
          // fast path: copy a run of plain characters at once
          special.lastIndex = i;
          const next = special.exec(text)?.index ?? text.length;
          if (next > i) {
            const run = text.slice(i, next);
            if (wasQuoted && bad === null) bad = `unexpected text after a closing quote in column ${cells.length + 1}`;
            field += run;
            raw += run;
            i = next - 1;
            if (raw.length > MAX_RECORD_CHARS) {
              out.push(tooLong(startLine, raw));
              skipping = true;
            }
            continue;
          }
        }
        const ch = text[i]!;
        if (pendingCr) {
          pendingCr = false;
          if (ch === '\n' && !quoted) continue; // the \n of a \r\n already ended the record
        }
        if (ch === '\r' && !quoted) pendingCr = true;
        step(ch, out);
        if (!skipping && raw.length > MAX_RECORD_CHARS) {
          out.push(tooLong(startLine, raw));
          skipping = true;
          quoted = false;
        }
      }
      return out;
    },
    end() {
      const out: TextRecord[] = [];
      if (skipping) return out;
      if (quoted && !afterQuote) {
        out.push({
          line: startLine,
          raw,
          problem: { code: 'bad_quotes', message: 'a quoted field is not closed before the end of the file' },
        });
        reset();
        return out;
      }
      if (afterQuote) {
        quoted = false;
        wasQuoted = true;
      }
      if (field !== '' || cells.length > 0 || wasQuoted) finish(out);
      return out;
    },
  };
}
