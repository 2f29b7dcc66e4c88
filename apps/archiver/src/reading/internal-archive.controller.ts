import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { Response } from 'express';
import { MAX_ID_CHARS, Optional } from '@onescale/api';
import { ArchiveReader } from './archive-reader';

/** Resolves when the socket can take more, or is gone (a reader that hung up never drains). */
const writable = (res: Response): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });

class InternalArchiveQuery {
  @Optional()
  @IsString()
  @Length(1, MAX_ID_CHARS)
  groupId?: string;
}

/** For the metrics rebuild: every archived event (of a group, or all), object by object, as NDJSON. */
@ApiExcludeController()
@Controller('internal/archive')
export class InternalArchiveController {
  constructor(private readonly reader: ArchiveReader) {}

  @Get('events')
  async events(@Query() query: InternalArchiveQuery, @Res() res: Response): Promise<void> {
    let started = false;
    try {
      for await (const chunk of this.reader.ndjson(query.groupId)) {
        if (!started) {
          res.status(200).type('application/x-ndjson');
          started = true;
        }
        if (res.destroyed) return;
        if (!res.write(chunk)) await writable(res);
      }
      if (!started) res.status(200).type('application/x-ndjson');
      res.end();
    } catch (error) {
      // Before the first byte a problem-details answer is still possible; after it, cut the stream
      // so the reader sees a broken transfer rather than a silently short archive.
      if (!started) throw error;
      res.destroy(error as Error);
    }
  }
}
