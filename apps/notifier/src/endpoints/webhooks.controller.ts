import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import {
  CreateWebhookDto,
  DeliveriesQueryDto,
  type CreatedWebhookDto,
  type DeliveriesPageDto,
  type DeliveryDto,
  type WebhookDto,
  type WebhookListDto,
} from '@onescale/api';
import { checkWebhookUrl, isNotificationType } from '@onescale/ontology';
import { ProblemException, notFound, problemToException, uuidv7 } from '@onescale/platform';
import { DeliveryRepository, type DeliveryDoc } from '../deliveries/delivery.repository';
import { EndpointRepository, MAX_ENDPOINTS_PER_GROUP, type EndpointDoc } from './endpoint.repository';

const DEFAULT_LIMIT = 50;

const viewOf = ({ _id, url, events, status, createdAt, disabledAt }: EndpointDoc): WebhookDto => ({
  id: _id,
  url,
  events,
  status,
  createdAt,
  ...(disabledAt === undefined ? {} : { disabledAt }),
});

const deliveryView = (d: DeliveryDoc): DeliveryDto => ({
  id: d._id,
  type: d.type,
  attempts: d.attempts,
  status: d.status,
  lastResponseStatus: d.lastResponseStatus,
  createdAt: d.createdAt,
  ...(d.status === 'pending' ? { nextAttemptAt: d.nextAttemptAt } : {}),
  log: d.log,
});

/** A delivery id as a cursor: time-ordered uuids, nothing else. */
const cursorOf = (cursor: string | undefined): string | undefined => {
  if (cursor === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(cursor)) return cursor;
  throw new ProblemException(400, 'invalid_cursor', 'cursor is not a nextCursor this route gave', [
    { path: 'cursor', message: 'not a nextCursor of this list' },
  ]);
};

/** A group's notification endpoints and their delivery log (the gateway has checked the group admin). */
@ApiTags('notifications')
@Controller('v1/groups/:groupId/webhooks')
export class WebhooksController {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryRepository,
  ) {}

  @Post()
  async create(@Param('groupId') groupId: string, @Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const url = checkWebhookUrl(body.url);
    if (!url.ok) throw problemToException(url.problem);
    if ((await this.endpoints.countOfGroup(groupId)) >= MAX_ENDPOINTS_PER_GROUP) {
      throw new ProblemException(
        409,
        'too_many_webhooks',
        `a group has at most ${MAX_ENDPOINTS_PER_GROUP} webhook endpoints; remove one first`,
      );
    }
    const doc: EndpointDoc = {
      _id: uuidv7(),
      groupId,
      url: url.value.href,
      events: [...new Set(body.events.filter(isNotificationType))],
      secret: body.secret ?? `whsec_${randomBytes(24).toString('base64url')}`,
      status: 'active',
      consecutiveFailures: 0,
      createdAt: Date.now(),
    };
    await this.endpoints.insert(doc);
    return { ...viewOf(doc), secret: doc.secret };
  }

  @Get()
  async list(@Param('groupId') groupId: string): Promise<WebhookListDto> {
    return { items: (await this.endpoints.ofGroup(groupId)).map(viewOf) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('groupId') groupId: string, @Param('id') id: string): Promise<void> {
    if (!(await this.endpoints.remove(groupId, id))) throw notFound('webhook');
    await this.deliveries.removeOf(id);
  }

  /** The endpoint's deliveries, newest first, each with its attempts. */
  @Get(':id/deliveries')
  async deliveryLog(
    @Param('groupId') groupId: string,
    @Param('id') id: string,
    @Query() query: DeliveriesQueryDto,
  ): Promise<DeliveriesPageDto> {
    const after = cursorOf(query.cursor);
    if ((await this.endpoints.find(groupId, id)) === null) throw notFound('webhook');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const docs = await this.deliveries.page(id, limit, after);
    const items = docs.slice(0, limit);
    const hasMore = docs.length > limit;
    return { items: items.map(deliveryView), nextCursor: hasMore ? items[items.length - 1]!._id : null, hasMore };
  }
}
