/** Expected failures are values, never exceptions: a stable code, a message a person can act on,
 *  and the path of the offending field when there is one. */
export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly path?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: string, message: string, path?: string): Result<T> => ({
  ok: false,
  problem: path === undefined ? { code, message } : { code, message, path },
});
