import type { HotDay, HotEventDoc } from '@onescale/platform';
import { eligibleOnly, feedDay, settleDay } from './day-feed';
import type { GroupRun } from './group-run';
import type { PassContext } from './pass-context';

/**
 * The whole days before the floor, oldest first. A day is sealed once per pass: an event that
 * arrives for it meanwhile starts the day's partition again and waits for the next pass, whose
 * duplicate check (objects of earlier runs) then covers it. An event of the sealed day that its group
 * keeps hot longer (a group the ledger did not show when the floor was set) is put back into the live
 * partition before the sealed one is dropped. The next day is read, and its objects started, while
 * the previous day's last objects upload and verify: one day's tail in flight at most, so memory
 * stays bounded and a day is dropped only once its own objects are archived.
 */
export async function archiveWholeDays(ctx: PassContext, days: readonly HotDay[], runOf: (id: string) => GroupRun): Promise<void> {
  let previous: Promise<void> = Promise.resolve();
  try {
    for (const day of days) {
      ctx.lease.assertHeld();
      if (!(await ctx.steps.time('seal', () => ctx.hot.seal(day)))) continue;
      const kept = new PutBack(ctx);
      const touched = await feedDay(
        ctx,
        eligibleOnly(ctx, ctx.hot.read(day, { sealed: true }), (doc) => kept.add(doc)),
        true,
        runOf,
      );
      await previous;
      previous = dropWhenArchived(ctx, day, touched, kept);
      // Its failure is thrown where it is awaited; until then it must not count as unhandled.
      previous.catch(() => undefined);
    }
  } finally {
    await previous;
  }
}

/** Drops a sealed day once its objects are archived. A group that failed keeps the whole sealed day: the next pass archives what is left of it. */
async function dropWhenArchived(ctx: PassContext, day: HotDay, touched: ReadonlySet<GroupRun>, kept: PutBack): Promise<void> {
  if (!(await settleDay(touched))) return;
  await kept.flush();
  ctx.lease.assertHeld();
  await ctx.steps.time('drop', () => ctx.hot.dropSealed(day));
  ctx.crash.reached('drop');
}

/** Events written back to their day's live partition, a thousand at a time (a copy already there is kept). */
class PutBack {
  private docs: HotEventDoc[] = [];

  constructor(private readonly ctx: PassContext) {}

  async add(doc: HotEventDoc): Promise<void> {
    this.docs.push(doc);
    if (this.docs.length >= 1000) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.docs.length === 0) return;
    this.ctx.lease.assertHeld();
    await this.ctx.hot.insert(this.docs);
    this.docs = [];
  }
}
