/** Why one line of an import file was not imported: from reading the file or from the server. */
export interface LineError {
  /** 1-based line of the file where the record starts (CSV: the header is line 1). */
  readonly line: number;
  /** Stable code: invalid_json, wrong_column_count, unknown_field, invalid_type, quota_exceeded, … */
  readonly code: string;
  readonly error: string;
  readonly path?: string;
  /** The line as it was in the file, so it can be fixed and imported again. */
  readonly input: string;
}

/** One error per line of NDJSON. */
export const lineErrorToNdjson = (e: LineError): string =>
  JSON.stringify({ line: e.line, code: e.code, error: e.error, ...(e.path ? { path: e.path } : {}), input: e.input });

const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const LINE_ERRORS_CSV_HEADER = 'line,code,error,path,input';

/** One error per CSV row, under `LINE_ERRORS_CSV_HEADER`. */
export const lineErrorToCsv = (e: LineError): string => [String(e.line), e.code, e.error, e.path ?? '', e.input].map(csvCell).join(',');

/** Failed lines counted per code, most frequent first. */
export function countByCode(counts: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
