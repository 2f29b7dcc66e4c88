import { CliError, EXIT } from './exit-codes';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export interface GlobalOptions {
  readonly url?: string;
  readonly key?: string;
  readonly json?: boolean;
}

export interface Settings {
  readonly url: string;
  readonly key: string | undefined;
  readonly json: boolean;
}

/** Options win over the environment (ONESCALE_URL, ONESCALE_API_KEY); the URL is checked here. */
export function settingsOf(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Settings {
  const url = (options.url ?? env.ONESCALE_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw new CliError(EXIT.usage, `--url must be an http(s) URL such as ${DEFAULT_URL}, got "${url}"`);
  const key = options.key ?? env.ONESCALE_API_KEY;
  return { url, key: key === undefined || key === '' ? undefined : key, json: options.json === true };
}

export function requireKey(settings: Settings): string {
  if (!settings.key) throw new CliError(EXIT.usage, 'no API key: pass --key <key> or set ONESCALE_API_KEY');
  return settings.key;
}
