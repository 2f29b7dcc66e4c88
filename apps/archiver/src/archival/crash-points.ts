import type { CrashPoint } from '../archiver.config';

/**
 * TESTING AID for crash drills (ARCHIVER_CRASH_AFTER): kills the process with SIGKILL the first time
 * the named step completes, so tests can prove that a re-run loses and duplicates nothing. Does
 * nothing unless configured.
 */
export class CrashPoints {
  private fired = false;

  constructor(private readonly point?: CrashPoint) {}

  reached(step: CrashPoint): void {
    if (this.point !== step || this.fired) return;
    this.fired = true;
    process.kill(process.pid, 'SIGKILL');
  }
}
