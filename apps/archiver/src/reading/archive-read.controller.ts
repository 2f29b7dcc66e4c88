import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ArchivedEventsPageDto, ArchivedEventsQueryDto, ArchiveManifestsPageDto, ArchiveManifestsQueryDto } from '@onescale/api';
import type { EventEnvelope, ManifestView } from '@onescale/ontology';
import { problemToException } from '@onescale/platform';
import { ArchiveReader, type Page } from './archive-reader';
import { checkRange, decodeReadCursor, type ReadPosition } from './read-cursor';

const DEFAULT_LIMIT = 100;

const positionOf = (cursor: string | undefined): ReadPosition | undefined => {
  if (cursor === undefined) return undefined;
  const decoded = decodeReadCursor(cursor);
  if (!decoded.ok) throw problemToException(decoded.problem);
  return decoded.value;
};

@ApiTags('archival')
@Controller()
export class ArchiveReadController {
  constructor(private readonly reader: ArchiveReader) {}

  /** Archived events read back from the object store, oldest object first. */
  @Get('v1/groups/:groupId/archive/events')
  @ApiOkResponse({ type: ArchivedEventsPageDto })
  events(@Param('groupId') groupId: string, @Query() query: ArchivedEventsQueryDto): Promise<Page<EventEnvelope>> {
    const range = checkRange({ from: query.from, to: query.to, type: query.type });
    if (!range.ok) throw problemToException(range.problem);
    return this.reader.page(groupId, range.value, query.limit ?? DEFAULT_LIMIT, positionOf(query.cursor));
  }

  /** The group's archive objects (key, count, time range, checksum, size) for the dashboard. */
  @Get('v1/groups/:groupId/archive/manifests')
  @ApiOkResponse({ type: ArchiveManifestsPageDto })
  manifests(@Param('groupId') groupId: string, @Query() query: ArchiveManifestsQueryDto): Promise<Page<ManifestView>> {
    return this.reader.manifestPage(groupId, query.limit ?? DEFAULT_LIMIT, positionOf(query.cursor));
  }
}
