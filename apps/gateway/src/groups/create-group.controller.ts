import { Controller, Logger, Req, Res } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Response } from 'express';
import type { Group } from '@onescale/ontology';
import { ApiKeys } from '../auth/api-keys.service';
import { callerOf, type GatewayRequest } from '../gateway-request';
import { ProxyService } from '../proxy/proxy.service';
import { route } from '../routes/find-route';
import { ApiRoute } from '../routes/route.decorator';
import { GroupLineage } from '../tenancy/group-lineage';

const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * POST /v1/groups: ingest creates the group; the gateway adds its first admin key and answers
 * `{group, apiKey}`. Failures of ingest (validation, slug taken, …) pass through unchanged.
 */
@Controller()
export class CreateGroupController {
  private readonly log = new Logger('groups');

  constructor(
    private readonly proxy: ProxyService,
    private readonly apiKeys: ApiKeys,
    private readonly lineage: GroupLineage,
  ) {}

  @ApiRoute(route('POST', '/v1/groups'))
  create(@Req() req: GatewayRequest, @Res() res: Response): void {
    const caller = callerOf(req);
    this.proxy.forward('ingest', caller, req, res, {
      body: req.readBody?.raw ?? Buffer.alloc(0),
      intercept: (answer) => {
        if ((answer.statusCode ?? 500) >= 300) return false;
        void readGroup(answer)
          .then(async (created) => {
            const { group } = created;
            const apiKey = await this.apiKeys.issue({ id: group.id, rootGroupId: group.rootGroupId }, 'admin', caller);
            this.lineage.remember(group, req.lineage ?? null);
            res.status(201).json({ ...created, apiKey });
          })
          .catch((error: Error) => {
            this.log.error({ msg: 'group created but its first key was not issued', error: error.message });
            res
              .status(502)
              .type('application/problem+json')
              .json({
                type: 'https://onescale.dev/problems/key_not_issued',
                title: 'Bad Gateway',
                status: 502,
                code: 'key_not_issued',
                detail: `the group may have been created, but its first admin key could not be issued (${error.message}); the platform admin key can issue one`,
                instance: req.originalUrl,
              });
          });
        return true;
      },
    });
  }
}

/** Ingest's answer: `{group, position}` (position: the read-your-writes token of group_created). */
function readGroup(answer: IncomingMessage): Promise<{ group: Group; [field: string]: unknown }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    answer.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) answer.destroy(new Error('answer too large'));
      else chunks.push(chunk);
    });
    answer.on('error', reject);
    answer.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { group?: Group };
        if (typeof body?.group?.id !== 'string') throw new Error('ingest answered without a group');
        resolve(body as { group: Group });
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}
