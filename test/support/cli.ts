import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const root = resolve(__dirname, '..', '..');

/** Runs the built `onescale` CLI against the e2e system's gateway, with `key` as its API key. */
export async function cli(args: readonly string[], key?: string, env: Record<string, string> = {}): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'tools', 'cli', 'onescale.js'), ...args], {
    env: { ...process.env, ONESCALE_URL: process.env.E2E_GATEWAY_URL, ...(key ? { ONESCALE_API_KEY: key } : {}), NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr, ms: Date.now() - started };
}
