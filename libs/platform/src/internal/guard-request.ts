import type { ClientRequest } from 'node:http';

/** How one outgoing request to another app may fail before or while it is answered. */
export interface RequestFailures<E> {
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** No connection within `connectTimeoutMs`. */
  noConnection(): E;
  /** Connected, but silent for `idleTimeoutMs`. */
  silent(): E;
  /** The socket failed (refused, reset, unresolvable…). */
  socketError(error: NodeJS.ErrnoException): E;
}

/**
 * Watches `req` and reports exactly one failure to `onError` (then destroys the request): a connect
 * timeout separate from the idle timeout, so a dead host fails fast while a slow answer may take its time.
 */
export function guardRequest<E>(req: ClientRequest, failures: RequestFailures<E>, onError: (error: E) => void): void {
  let failed = false;
  const fail = (error: E): void => {
    if (failed) return;
    failed = true;
    req.destroy();
    onError(error);
  };
  req.on('socket', (socket) => {
    if (!socket.connecting) return;
    const timer = setTimeout(() => fail(failures.noConnection()), failures.connectTimeoutMs);
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
  });
  req.setTimeout(failures.idleTimeoutMs, () => fail(failures.silent()));
  req.on('error', (error: NodeJS.ErrnoException) => fail(failures.socketError(error)));
}
