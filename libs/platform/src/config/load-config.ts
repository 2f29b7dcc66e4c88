import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Thrown when the environment does not satisfy an app's config class; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const flatten = (errors: readonly ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((message) => `${prefix}${e.property}: ${message}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);

/**
 * Reads an app's config class from the environment. This (with `configFromEnv`) is the only code that
 * reads `process.env`.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  // An empty variable counts as unset: compose files and templates often pass `${NAME:-}` through.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const instance = plainToInstance(cls, set, { enableImplicitConversion: true, exposeDefaultValues: true });
  const problems = flatten(validateSync(instance, { whitelist: false, forbidUnknownValues: false }));
  if (problems.length > 0) throw new ConfigError(problems);
  return instance;
}

/**
 * Stops a process whose configuration cannot work, with one structured line that names the problems
 * (exit code 78, EX_CONFIG: restarting it would not help).
 */
export function exitOnConfigProblem(app: string, msg: string, problems: readonly string[]): never {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', app, msg, problems })}\n`);
  process.exit(78);
}

/** Loads config at boot: on failure prints every problem and exits non-zero. */
export function configFromEnv<T extends object>(cls: new () => T, app: string): T {
  try {
    return loadConfig(cls);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    exitOnConfigProblem(app, 'invalid configuration', error.problems);
  }
}
