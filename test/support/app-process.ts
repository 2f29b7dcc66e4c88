import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
const { nodeFlags } = require(path.join(repoRoot, 'tools', 'node-flags.js')) as { nodeFlags(app: string): string[] };

export interface AppProcess {
  readonly url: string;
  readonly pid: number | undefined;
  /** Sends a signal (SIGKILL to simulate a crash) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the same app again with the same environment and waits until it is ready. */
  restart(): Promise<void>;
}

export interface StartOptions {
  readonly port: number;
  /** Extra environment on top of the test infrastructure's (and INTERNAL_TOKEN). */
  readonly env?: Record<string, string>;
  /** Arguments after main.js (e.g. --once for the archiver). */
  readonly args?: readonly string[];
  readonly waitReady?: boolean;
}

export const TEST_INTERNAL_TOKEN = 'test-internal-token-0123456789abcdef';

/**
 * Runs one app from the build (`dist/`, built by the test setup) as a real process, so tests can
 * crash it with SIGKILL and start it again. Logs go to .onescale/logs/test/<app>-<port>.log.
 */
export async function startAppProcess(app: string, options: StartOptions): Promise<AppProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const env = {
    ...process.env,
    INTERNAL_TOKEN: process.env.INTERNAL_TOKEN ?? TEST_INTERNAL_TOKEN,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'warn',
    ...options.env,
    PORT: String(options.port),
  };
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    const logDir = path.join(repoRoot, '.onescale', 'logs', 'test');
    mkdirSync(logDir, { recursive: true });
    const out = openSync(path.join(logDir, `${app}-${options.port}.log`), 'a');
    child = spawn(
      process.execPath,
      [...nodeFlags(app), path.join(repoRoot, 'dist', 'apps', app, 'src', 'main.js'), ...(options.args ?? [])],
      {
        env,
        stdio: ['ignore', out, out],
      },
    );
    closeSync(out);
    if (options.waitReady !== false) await waitReady(url, child);
  };
  await launch();
  return {
    url,
    get pid() {
      return child.pid;
    },
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
    restart: launch,
  };
}

export async function waitReady(url: string, child?: ChildProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`${url}: the app exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const response = await fetch(`${url}/ready`);
      if (response.ok) return;
      last = await response.text();
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms: ${last}`);
}
