import { membershipLost } from './membership';

/**
 * Heartbeats every second while a batch is handled (kafkajs sends one only when its interval has
 * passed), remembering a broker answer that says the membership is gone.
 */
export class Heartbeats {
  private lost: Error | null = null;
  private pending: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly heartbeat: () => Promise<void>) {
    this.timer = setInterval(() => void this.now(), 1000);
  }

  now(): Promise<void> {
    this.pending ??= this.heartbeat()
      .catch((error: unknown) => {
        const lost = membershipLost(error);
        if (lost) this.lost ??= lost;
      })
      .finally(() => (this.pending = null));
    return this.pending;
  }

  throwIfLost(): void {
    if (this.lost) throw this.lost;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
