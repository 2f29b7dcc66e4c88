import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

/** tools/system.js (plain CommonJS, shared with `npm start` and the e2e setup). */
interface SystemTools {
  systemEnv(options: {
    infraEnv: Record<string, string | undefined>;
    ports: Record<AppName, number>;
    extra?: Record<string, string>;
  }): Record<string, string>;
  waitReady(url: string, child?: ChildProcess, timeoutMs?: number): Promise<void>;
}
const tools = require('../../../tools/system') as SystemTools;
const { stateRoot } = require('../../../tools/infra/paths') as { stateRoot: string };
const { portInUse } = require('../../../tools/infra/process') as { portInUse(port: number): Promise<boolean> };

export type AppName = 'gateway' | 'ingest' | 'metrics' | 'quota' | 'archiver' | 'notifier';
export const APPS: readonly AppName[] = ['ingest', 'metrics', 'quota', 'archiver', 'notifier', 'gateway'];
export const DRILL_PORTS: Record<AppName, number> = {
  gateway: 3700,
  ingest: 3701,
  metrics: 3702,
  quota: 3703,
  archiver: 3704,
  notifier: 3705,
};

/**
 * Settings that only shorten the waits of a drill; what they guard (relay, takeover) works the same
 * with the production defaults, just later. As on Kubernetes, the archiver service has no schedule
 * of its own: archival runs on demand or as a run-once process.
 */
const DRILL_SETTINGS = {
  LOG_LEVEL: 'warn',
  RELAY_INTERVAL_MS: '1000',
  RELAY_AGE_MS: '5000',
  IDEMPOTENCY_TAKEOVER_MS: '10000',
  ARCHIVAL_CRON: 'off',
};

/** An interrupted drill (Ctrl-C, a jest timeout) must not leave apps running. */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export interface DrillSystem {
  readonly urls: Record<AppName, string>;
  readonly adminKey: string;
  readonly internalToken: string;
  readonly logDir: string;
  /** The environment every app was started with. */
  readonly env: Record<string, string>;
  /** Sends a signal (SIGKILL: a crash) and waits until the process is gone. */
  kill(app: AppName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts the app again with the same environment and waits until /ready answers 200. */
  start(app: AppName): Promise<void>;
  pid(app: AppName): number | undefined;
  stop(): Promise<void>;
}

/** Where the drills' own build lives (`<root>/dist/...`, as in the image); see the drills' global setup. */
export const buildRoot = (): string => process.env.ONESCALE_DRILLS_BUILD ?? path.resolve(__dirname, '..', '..', '..');

/** Runs an entry point of the build (`dist/...js`) from the build's root, as the image's WORKDIR would. */
export function spawnEntry(entry: string, args: readonly string[], env: Record<string, string | undefined>, logFile: string): ChildProcess {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', entry, ...args], { cwd: buildRoot(), env, stdio: ['ignore', out, out] });
  closeSync(out);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** The six apps as separate processes on 3700-3705, against the drills' own servers. */
export async function startDrillSystem(drill: string, extra: Record<string, string> = {}): Promise<DrillSystem> {
  const logDir = path.join(stateRoot, 'logs', drill);
  const infraEnv = { KAFKA_BROKERS: process.env.KAFKA_BROKERS, MONGODB_URI: process.env.MONGODB_URI, S3_ENDPOINT: process.env.S3_ENDPOINT };
  const env = tools.systemEnv({ infraEnv, ports: DRILL_PORTS, extra: { ...DRILL_SETTINGS, ...extra } });
  const urls = Object.fromEntries(APPS.map((app) => [app, `http://127.0.0.1:${DRILL_PORTS[app]}`])) as Record<AppName, string>;
  const children = new Map<AppName, ChildProcess>();
  const start = async (app: AppName): Promise<void> => {
    // A process left on the port (another drill run, a crashed one) would answer for the new one.
    if (await portInUse(DRILL_PORTS[app])) throw new Error(`port ${DRILL_PORTS[app]} (${app}) is taken: is another drill run active?`);
    const child = spawnEntry(
      `dist/apps/${app}/src/main.js`,
      [],
      { ...env, PORT: String(DRILL_PORTS[app]) },
      path.join(logDir, `${app}.log`),
    );
    children.set(app, child);
    await tools.waitReady(urls[app], child, 90000);
  };
  const kill = (app: AppName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> =>
    new Promise((resolve) => {
      const child = children.get(app);
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  try {
    // Consumers first, the gateway last: it checks the apps behind it.
    await Promise.all(APPS.filter((a) => a !== 'gateway').map(start));
    await start('gateway');
  } catch (error) {
    await Promise.all(APPS.map((app) => kill(app)));
    throw new Error(`${(error as Error).message} (app logs in ${logDir})`);
  }
  return {
    urls,
    adminKey: env.ONESCALE_ADMIN_KEY!,
    internalToken: env.INTERNAL_TOKEN!,
    logDir,
    env,
    kill,
    start,
    pid: (app) => children.get(app)?.pid,
    stop: async () => {
      // A graceful stop, then SIGKILL for an app that does not exit within 10 s.
      const timers = APPS.map((app) => setTimeout(() => void kill(app, 'SIGKILL'), 10000));
      await Promise.all(APPS.map((app) => kill(app, 'SIGTERM')));
      timers.forEach(clearTimeout);
    },
  };
}
