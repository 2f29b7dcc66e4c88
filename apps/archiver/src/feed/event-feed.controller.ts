import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EventFeedPageDto, EventFeedQueryDto } from '@onescale/api';
import { checkFeedRange, type FeedEvent } from '@onescale/ontology';
import { problemToException } from '@onescale/platform';
import type { Page } from '../reading/archive-reader';
import { EventFeed } from './event-feed';
import { decodeFeedCursor } from './feed-cursor';

const DEFAULT_LIMIT = 100;

@ApiTags('events')
@Controller()
export class EventFeedController {
  constructor(private readonly feed: EventFeed) {}

  /** One time-ordered feed of a group's events, wherever each one lives (hot store or archive). */
  @Get('v1/groups/:groupId/events')
  @ApiOkResponse({ type: EventFeedPageDto })
  events(@Param('groupId') groupId: string, @Query() query: EventFeedQueryDto): Promise<Page<FeedEvent>> {
    const { from, to, type, actorId, targetId } = query;
    const range = checkFeedRange({ from, to, type, actorId, targetId });
    if (!range.ok) throw problemToException(range.problem);
    const filter = range.value;
    const order = query.order ?? 'desc';
    let after;
    if (query.cursor !== undefined) {
      const decoded = decodeFeedCursor(query.cursor, { groupId, order, filter });
      if (!decoded.ok) throw problemToException(decoded.problem);
      after = decoded.value;
    }
    return this.feed.page({ groupId, filter, order, limit: query.limit ?? DEFAULT_LIMIT, ...(after === undefined ? {} : { after }) });
  }
}
