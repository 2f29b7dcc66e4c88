import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { VoidEventDto, type VoidResultDto } from '@onescale/api';
import { GroupsService } from '../groups/groups.service';
import { VoidEventService } from './void-event.service';

/** Corrections of client events (SPEC §7). A repeated void answers 200 with the first void's position. */
@Controller('v1/groups/:groupId/events/:eventId')
export class VoidController {
  constructor(
    private readonly groups: GroupsService,
    private readonly voids: VoidEventService,
  ) {}

  @Post('void')
  @HttpCode(200)
  async void(@Param('groupId') groupId: string, @Param('eventId') eventId: string, @Body() body: VoidEventDto): Promise<VoidResultDto> {
    const group = await this.groups.requireActive(groupId);
    return this.voids.void(group, eventId, body.reason);
  }
}
