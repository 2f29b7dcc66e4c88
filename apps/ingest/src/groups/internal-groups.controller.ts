import { Controller, Get, Param } from '@nestjs/common';
import type { Group, LiveCounts } from '@onescale/ontology';
import { GroupCounts } from './group-counts';
import { GroupsService } from './groups.service';

/** What other services ask ingest (INGEST_ROUTES): a group (plan and hierarchy) and a live recount for audits. */
@Controller('internal/groups')
export class InternalGroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly counts: GroupCounts,
  ) {}

  @Get(':groupId')
  async group(@Param('groupId') groupId: string): Promise<Group> {
    return this.groups.require(groupId);
  }

  /** Live things, people, connections and stored bytes of a root group and all its sub-groups. */
  @Get(':groupId/counts')
  async recount(@Param('groupId') groupId: string): Promise<LiveCounts> {
    const group = await this.groups.require(groupId);
    return this.counts.recount(group.rootGroupId);
  }
}
