/** What the process exit code means, for scripts (also printed by `onescale --help`). */
export const EXIT = {
  ok: 0,
  /** Something unexpected: a bug; the message says what. */
  failure: 1,
  /** Wrong arguments or options. */
  usage: 2,
  /** Done, but not clean: lines failed to import, a quota at or above --fail-on, servers not ready, an archival run with failures. */
  partial: 3,
  /** The key was refused (401), lacks the role (403), or the group is not visible to it (404). */
  refused: 4,
  /** The gateway could not be reached or kept failing (after retries). */
  unavailable: 5,
  /** The input file cannot be read or is not a valid file of its format (no header, unknown columns). */
  badFile: 6,
  /** Interrupted (Ctrl-C); an import can be resumed with its --run-id. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_HELP = `
Exit codes:
  0    success
  1    unexpected failure
  2    usage error (bad arguments)
  3    finished with problems: lines failed to import, a quota at or above --fail-on,
       servers not ready, or an archival run with failures
  4    refused: invalid key (401), role too weak (403), group not visible to the key (404)
  5    the gateway could not be reached or kept failing after retries
  6    the input file cannot be read or has an invalid format
  130  interrupted (Ctrl-C)`;

/** An expected way for a command to end: a message for people and the exit code for scripts. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
