import { Injectable, Logger } from '@nestjs/common';
import { QUOTA_ROUTES } from '@onescale/ontology';
import { InternalClient } from '@onescale/platform';
import { ArchiverConfig } from '../archiver.config';
import { messageOf } from '../archival/pass-context';
import { GroupCutoffs } from './group-cutoffs';

/**
 * How long a group's events stay hot (SPEC §6): quota holds the plans (and per-group overrides) and
 * answers for the group's root; a plan without a limit keeps events AGE_THRESHOLD_DAYS. A group quota
 * does not know, or quota not answering, also gets AGE_THRESHOLD_DAYS, the archiver's one threshold
 * before retention by plan: events then stay hot longer than a starter plan asks, never shorter
 * than the platform's default.
 */
@Injectable()
export class GroupRetention {
  private readonly log = new Logger(GroupRetention.name);
  private readonly quota: InternalClient;

  constructor(private readonly config: ArchiverConfig) {
    this.quota = new InternalClient({ app: 'quota', baseUrl: config.QUOTA_URL, token: config.INTERNAL_TOKEN, timeoutMs: 3000 });
  }

  /** Days the group's events stay hot. */
  async daysOf(groupId: string): Promise<number> {
    try {
      const reading = await this.quota.call(QUOTA_ROUTES.retention, { params: { groupId } });
      return reading?.days ?? this.config.AGE_THRESHOLD_DAYS;
    } catch (error) {
      this.log.warn({ msg: 'quota did not answer a retention; the default applies', groupId, error: messageOf(error) });
      return this.config.AGE_THRESHOLD_DAYS;
    }
  }

  /** The cutoffs of a run at `now`: each group's own retention. */
  forRun(now: number): GroupCutoffs {
    return new GroupCutoffs(now, (groupId) => this.daysOf(groupId));
  }
}
