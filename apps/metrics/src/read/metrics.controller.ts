import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ActivityQueryDto, ListThingsQueryDto, ReadQueryDto, RelationshipsQueryDto, ThingQueryDto } from '@onescale/api';
import { readSeconds } from '../metrics.metrics';
import { MetricsReads, type ReadOptions } from './metrics-reads';

const optionsOf = (q: ReadQueryDto): ReadOptions => (q.minPosition === undefined ? {} : { minPosition: Number(q.minPosition) });

/** Times a read (the minPosition wait included) under its route label. */
const timed = async <T>(route: string, read: () => Promise<T>): Promise<T> => {
  const stop = readSeconds.startTimer({ route });
  try {
    return await read();
  } finally {
    stop();
  }
};

/** The computed-field reads of SPEC §2, scoped by the path's group (another group's thing is a 404). */
@ApiTags('metrics')
@Controller('v1/groups/:groupId')
export class MetricsController {
  constructor(private readonly reads: MetricsReads) {}

  @Get('things')
  listThings(@Param('groupId') groupId: string, @Query() q: ListThingsQueryDto) {
    return timed('things', () =>
      this.reads.listThings(groupId, { type: q.type, status: q.status, limit: q.limit, cursor: q.cursor }, optionsOf(q)),
    );
  }

  @Get('things/:thingId')
  thing(@Param('groupId') groupId: string, @Param('thingId') thingId: string, @Query() q: ThingQueryDto) {
    const include = { knowledge: q.includeKnowledge === 'true', lazy: q.includeLazy === 'true' };
    return timed('thing', () => this.reads.thing(groupId, thingId, include, optionsOf(q)));
  }

  @Get('things/:thingId/relationships')
  relationships(@Param('groupId') groupId: string, @Param('thingId') thingId: string, @Query() q: RelationshipsQueryDto) {
    const raw = { direction: q.direction, relationshipType: q.relationshipType, limit: q.limit, cursor: q.cursor, offset: q.offset };
    return timed('relationships', () => this.reads.relationships(groupId, thingId, raw, optionsOf(q)));
  }

  @Get('things/:thingId/activity')
  activity(@Param('groupId') groupId: string, @Param('thingId') thingId: string, @Query() q: ActivityQueryDto) {
    return timed('activity', () => this.reads.activity(groupId, thingId, { limit: q.limit, cursor: q.cursor }, optionsOf(q)));
  }

  @Get('creators/:creatorId/stats')
  creatorStats(@Param('groupId') groupId: string, @Param('creatorId') creatorId: string, @Query() q: ReadQueryDto) {
    return timed('creator_stats', () => this.reads.creatorStats(groupId, creatorId, optionsOf(q)));
  }

  @ApiOkResponse({ description: 'getGroupMetrics: the group with `_computed` and `_meta`' })
  @Get('metrics')
  groupMetrics(@Param('groupId') groupId: string, @Query() q: ReadQueryDto) {
    return timed('group_metrics', () => this.reads.groupMetrics(groupId, optionsOf(q)));
  }
}
