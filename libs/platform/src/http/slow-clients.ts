import type { Server } from 'node:http';

export interface SlowClientLimits {
  /** A request's headers must all arrive within this. */
  readonly headersTimeoutMs: number;
  /** How often the server looks for requests past their time (Node checks every 30 s). */
  readonly checkEveryMs: number;
}

/**
 * Node's defaults let a client that trickles its headers hold a socket for up to 90 s (60 s for the
 * headers, checked every 30 s). A request's headers are a few hundred bytes: 10 s is plenty for any
 * honest client, and the check runs every second. Bodies have their own limits (the gateway cuts a
 * body arriving slower than 64 KiB/s; the apps behind it are only called by it).
 */
export const SLOW_CLIENT_LIMITS: SlowClientLimits = { headersTimeoutMs: 10_000, checkEveryMs: 1_000 };

/**
 * The interval is an option of `http.createServer`, which Nest calls for us; Node keeps it on the
 * server as this property and reads it when the server starts listening (slow-clients.spec.ts checks
 * that it takes effect).
 */
type CheckedServer = Server & { connectionsCheckingInterval: number };

/** Applies the limits to a server that is not listening yet. */
export function limitSlowClients(server: Server, limits: SlowClientLimits = SLOW_CLIENT_LIMITS): void {
  server.headersTimeout = limits.headersTimeoutMs;
  (server as CheckedServer).connectionsCheckingInterval = limits.checkEveryMs;
}
