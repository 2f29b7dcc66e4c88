import { Body, Controller, Delete, Headers, HttpCode, Param, Patch, Post, Req, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { ConnectionsBatchDto, EventsBatchDto, KnowledgeBatchDto, ThingsBatchDto, ThingsUpdateBatchDto } from '@onescale/api';
import { GroupsService } from '../groups/groups.service';
import { Idempotency, type RequestIds } from '../idempotency/idempotency';
import { BatchMetricsInterceptor } from './batch-metrics.interceptor';
import { BatchSizeInterceptor } from './batch-size.interceptor';
import { ConnectionsBatchService } from './connections-batch.service';
import { DeleteThingService } from './delete-thing.service';
import { EventsBatchService } from './events-batch.service';
import { KnowledgeBatchService } from './knowledge-batch.service';
import { ThingsBatchService } from './things-batch.service';
import { UpdatesBatchService } from './updates-batch.service';
import { ProjectionPace } from '../pace/projection-pace';
import type { Group } from '@onescale/ontology';
import { ProblemException } from '@onescale/platform';

/** A refused write retries after the projector had a second more: the refusal itself came after a wait. */
const PACE_RETRY_AFTER_SECONDS = 1;

/** The batch write routes of SPEC §3. Any processed batch answers 200 with per-item outcomes. */
@Controller('v1/groups/:groupId')
@UseInterceptors(BatchSizeInterceptor, BatchMetricsInterceptor)
export class BatchController {
  constructor(
    private readonly groups: GroupsService,
    private readonly idempotency: Idempotency,
    private readonly things: ThingsBatchService,
    private readonly updates: UpdatesBatchService,
    private readonly connections: ConnectionsBatchService,
    private readonly events: EventsBatchService,
    private readonly knowledge: KnowledgeBatchService,
    private readonly deletes: DeleteThingService,
    private readonly pace: ProjectionPace,
  ) {}

  @Post('things/batch')
  @HttpCode(200)
  insertThings(
    @Param('groupId') groupId: string,
    @Body() body: ThingsBatchDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ) {
    return this.write(groupId, key, req, body.things.length, (group, ids) => this.things.insert(group, body, ids));
  }

  @Patch('things/batch')
  @HttpCode(200)
  updateThings(
    @Param('groupId') groupId: string,
    @Body() body: ThingsUpdateBatchDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ) {
    return this.write(groupId, key, req, body.updates.length, (group, ids) => this.updates.update(group, body, ids));
  }

  @Post('connections/batch')
  @HttpCode(200)
  createConnections(
    @Param('groupId') groupId: string,
    @Body() body: ConnectionsBatchDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ) {
    return this.write(groupId, key, req, body.connections.length, (group, ids) => this.connections.create(group, body, ids));
  }

  @Post('events/batch')
  @HttpCode(200)
  recordEvents(
    @Param('groupId') groupId: string,
    @Body() body: EventsBatchDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ) {
    return this.write(groupId, key, req, body.events.length, (group, ids) => this.events.record(group, body, ids));
  }

  @Post('knowledge/batch')
  @HttpCode(200)
  addKnowledge(
    @Param('groupId') groupId: string,
    @Body() body: KnowledgeBatchDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ) {
    return this.write(groupId, key, req, body.knowledge.length, (group, ids) => this.knowledge.add(group, body, ids));
  }

  @Delete('things/:thingId')
  @HttpCode(200)
  deleteThing(
    @Param('groupId') groupId: string,
    @Param('thingId') thingId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ) {
    return this.write(groupId, key, req, 1, (group, ids) => this.deletes.delete(group, thingId, ids));
  }

  /**
   * The active group, then the write under its Idempotency-Key (a replay answers as the first time,
   * at once), once the tenant's earlier events are within reach of the projector
   * (pace/projection-pace.ts); a write that does not come within reach in time is refused with 429
   * before anything is written, its key left unclaimed.
   */
  private async write<T>(
    groupId: string,
    key: string | undefined,
    req: Request,
    items: number,
    run: (group: Group, ids: RequestIds) => Promise<T>,
  ): Promise<T> {
    const group = await this.groups.requireActive(groupId);
    const reply = await this.idempotency.run(
      groupId,
      key,
      { method: req.method, path: req.path, body: req.body as unknown },
      async (ids) => ({ status: 200, body: await run(group, ids) }),
      () => this.admit(group.rootGroupId, items),
    );
    if (reply.replayed) req.res?.setHeader('Idempotent-Replayed', 'true');
    return reply.body;
  }

  /** Waits for the pace; refuses with 429 `projection_backlog` when the tenant's backlog does not shrink in time. */
  private async admit(rootGroupId: string, items: number): Promise<() => void> {
    const admitted = await this.pace.admit(rootGroupId, items);
    if (admitted.admitted) return () => admitted.release();
    throw new ProblemException(
      429,
      'projection_backlog',
      `${admitted.backlog} earlier items of this tenant are not yet applied to the read models; nothing was written, retry shortly`,
      undefined,
      { backlog: admitted.backlog },
      { 'Retry-After': String(PACE_RETRY_AFTER_SECONDS) },
    );
  }
}
