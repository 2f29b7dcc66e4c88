/** Cursors are opaque to clients: base64url JSON of what the server needs to resume. */
export const encodeOpaque = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What a cursor holds, or null when it is not one this server encoded (the caller checks its shape). */
export const decodeOpaque = (cursor: string): unknown => {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
};
