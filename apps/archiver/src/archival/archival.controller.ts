import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ArchivalRunResultDto, ArchivalStatusDto, ArchivalStatusQueryDto, ArchiveGroupRunDto } from '@onescale/api';
import { INTERNAL_HEADERS, checkDaysCutoff } from '@onescale/ontology';
import { ProblemException, problemToException } from '@onescale/platform';
import { ArchivalStatusService, type ArchivalStatus } from '../status/archival-status.service';
import { ArchivalInProgressError, ArchivalService, GroupRunLimitError } from './archival.service';
import { GROUP_RUNS_PER_HOUR } from './group-run-limit';
import type { ArchivalRunResult } from './run-summary';

/** Runs archive synchronously and answer with the run's result; a run already going is a 409, a group key past its hourly runs a 429. */
async function exclusive(run: () => Promise<ArchivalRunResult>): Promise<ArchivalRunResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ArchivalInProgressError) {
      throw new ProblemException(409, 'archival_in_progress', 'another archival run is in progress; try again when it has finished');
    }
    if (error instanceof GroupRunLimitError) {
      const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
      throw new ProblemException(
        429,
        'too_many_runs',
        `a group key starts at most ${GROUP_RUNS_PER_HOUR} archival runs of its group an hour; the next may start in ${seconds} s`,
        undefined,
        {},
        { 'retry-after': String(seconds) },
      );
    }
    throw error;
  }
}

@ApiTags('archival')
@Controller()
export class ArchivalController {
  constructor(
    private readonly archival: ArchivalService,
    private readonly statusService: ArchivalStatusService,
  ) {}

  /** runDailyArchival now (the gateway allows it to the platform admin only); a group run going on delays it, never refuses it. */
  @Post('v1/archival/runs')
  @HttpCode(200)
  @ApiOkResponse({ type: ArchivalRunResultDto })
  runAll(): Promise<ArchivalRunResult> {
    return exclusive(() => this.archival.runDailyAfterOthers());
  }

  /** archiveGroupEvents: a group with nothing old enough answers zeros. */
  @Post('v1/groups/:groupId/archival/runs')
  @HttpCode(200)
  @ApiOkResponse({ type: ArchivalRunResultDto })
  runGroup(
    @Param('groupId') groupId: string,
    @Body() body: ArchiveGroupRunDto,
    @Headers(INTERNAL_HEADERS.callerGroupId) caller?: string,
  ): Promise<ArchivalRunResult> {
    // Without daysCutoff the group's own retention applies (its root's plan, SPEC §6).
    let days: number | undefined;
    if (body.daysCutoff != null) {
      const checked = checkDaysCutoff(body.daysCutoff, 0);
      if (!checked.ok) throw problemToException(checked.problem);
      days = checked.value;
    }
    return exclusive(() => this.archival.archiveGroupEvents(groupId, days, caller === 'platform' ? 'platform' : 'group-key'));
  }

  @Get('v1/archival/status')
  @ApiOkResponse({ type: ArchivalStatusDto })
  status(@Query() query: ArchivalStatusQueryDto): Promise<ArchivalStatus> {
    return this.statusService.status(query.groupId);
  }
}
