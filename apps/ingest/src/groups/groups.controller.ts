import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CreateGroupDto, PatchGroupDto } from '@onescale/api';
import type { Group } from '@onescale/ontology';
import { GroupsService } from './groups.service';

/** Public group routes (the gateway restricts creation to the platform admin and adds the first key). */
@Controller('v1/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: CreateGroupDto): Promise<{ group: Group; position: number | null }> {
    return this.groups.create({ ...body });
  }

  @Get(':groupId')
  async read(@Param('groupId') groupId: string): Promise<Group> {
    return this.groups.require(groupId);
  }

  @Patch(':groupId')
  async update(@Param('groupId') groupId: string, @Body() body: PatchGroupDto): Promise<{ group: Group; position: number | null }> {
    return this.groups.update(groupId, { ...body });
  }
}
