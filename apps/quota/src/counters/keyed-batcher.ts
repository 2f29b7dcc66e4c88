/** A change to one key's state: the next state, or null to leave it as it is. */
export type Change<S> = (state: S) => S | null;

/** What one change saw and made (after === before when it declined). */
export interface Transition<S> {
  readonly before: S;
  readonly after: S;
}

/** Writes a composed change for a key (e.g. one append to the log); re-runs it after a lost race. */
export type Commit<S> = (key: string, change: Change<S>) => Promise<unknown>;

interface Pending<S> {
  readonly change: Change<S>;
  readonly resolve: (transition: Transition<S>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Serialises the changes of each key inside this process and commits, per key, everything that queued
 * up while the previous write was in flight as ONE write (group commit). Callers racing on a key then
 * cost one append per round instead of one lost race each; different keys proceed in parallel.
 */
export class KeyedBatcher<S> {
  private readonly pending = new Map<string, Pending<S>[]>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly commit: Commit<S>,
    private readonly maxPerCommit = 500,
  ) {}

  run(key: string, change: Change<S>): Promise<Transition<S>> {
    return new Promise((resolve, reject) => {
      const queue = this.pending.get(key) ?? [];
      queue.push({ change, resolve, reject });
      this.pending.set(key, queue);
      if (!this.busy.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.busy.add(key);
    try {
      for (;;) {
        const queue = this.pending.get(key);
        if (!queue || queue.length === 0) break;
        const round = queue.splice(0, this.maxPerCommit);
        if (queue.length === 0) this.pending.delete(key);
        await this.commitRound(key, round);
      }
    } finally {
      this.busy.delete(key);
    }
  }

  private async commitRound(key: string, round: Pending<S>[]): Promise<void> {
    // Filled by the last run of `composed`: the one whose result was written.
    let transitions: Array<Transition<S> | { error: unknown }> = [];
    const composed: Change<S> = (start) => {
      transitions = [];
      let state = start;
      let changed = false;
      for (const { change } of round) {
        try {
          const next = change(state);
          transitions.push({ before: state, after: next ?? state });
          if (next !== null) [state, changed] = [next, true];
        } catch (error) {
          transitions.push({ error });
        }
      }
      return changed ? state : null;
    };
    try {
      await this.commit(key, composed);
    } catch (error) {
      for (const p of round) p.reject(error);
      return;
    }
    round.forEach((p, i) => {
      const t = transitions[i]!;
      if ('error' in t) p.reject(t.error);
      else p.resolve(t);
    });
  }
}
