import { setTimeout as sleep } from 'node:timers/promises';

/** tools/infra (plain CommonJS): the drills' own servers, as `npm run infra` manages them. */
interface InfraTools {
  readState(): Record<string, unknown>;
  up(options: { log: (line: string) => void }): Promise<unknown>;
  down(options: { only: string[]; log: (line: string) => void }): Promise<void>;
}
const infra = {
  ...(require('../../../tools/infra') as InfraTools),
  readState: (require('../../../tools/infra/process') as Pick<InfraTools, 'readState'>).readState,
};
const quiet = (): void => undefined;

export type Server = 'kafka' | 'ferretdb' | 's3';

/**
 * Stops one server and answers how long that took: `SIGTERM` is an orderly shutdown (SIGKILL after
 * 20 s), `SIGKILL` a crash.
 */
export async function stopServer(server: Server, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number> {
  const t0 = Date.now();
  if (signal === 'SIGKILL') {
    const pid = (infra.readState()[server] as { pid?: number } | undefined)?.pid;
    if (pid) process.kill(-pid, 'SIGKILL');
  }
  await infra.down({ only: [server], log: quiet });
  return Date.now() - t0;
}

/** Starts whatever is stopped again, with its data, and waits until it is ready. */
export async function startServers(): Promise<number> {
  const t0 = Date.now();
  // The drills' setup exported the servers' addresses; tools/infra takes those as "external servers
  // configured by the user" and would start nothing while they are set.
  const exported = { KAFKA_BROKERS: process.env.KAFKA_BROKERS, MONGODB_URI: process.env.MONGODB_URI, S3_ENDPOINT: process.env.S3_ENDPOINT };
  for (const name of Object.keys(exported)) delete process.env[name];
  try {
    await infra.up({ log: quiet });
  } finally {
    Object.assign(process.env, exported);
  }
  return Date.now() - t0;
}

/**
 * A seeded random source (mulberry32), so a failing drill can be replayed: the seed is printed and
 * DRILL_SEED=<seed> repeats the same injection points.
 */
export function seededRandom(seed = Number(process.env.DRILL_SEED ?? Math.floor(Math.random() * 2 ** 31))): {
  seed: number;
  between(min: number, max: number): number;
} {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, between: (min, max) => Math.round(min + next() * (max - min)) };
}

/** Runs `tasks` with at most `concurrency` at a time; answers their results in order. */
export async function pool<T>(tasks: ReadonlyArray<() => Promise<T>>, concurrency: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

export { sleep };
