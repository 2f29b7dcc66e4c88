import { Controller, Req, Res, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { callerOf, type GatewayRequest } from '../gateway-request';
import { ApiCallQuota } from '../metering/api-call-quota';
import { ProxyService } from '../proxy/proxy.service';
import { sendProblem } from '../proxy/send-problem';
import { WriteSlots } from '../proxy/write-slots';
import { GroupLineage } from '../tenancy/group-lineage';
import { ApiRoute, operationId } from './route.decorator';
import { UPSTREAM_APPS, type RouteSpec, type UpstreamApp } from './route-spec';
import { ROUTES } from './route-table';

/** Routes whose success changes the api-call limit or count: the meter reads quota again. */
const changesApiCallQuota = (spec: RouteSpec): boolean =>
  (spec.method === 'POST' && spec.path.endsWith('/quotas/reset')) ||
  (spec.method === 'PATCH' && spec.path === '/v1/groups/:groupId') ||
  (spec.method === 'PUT' && spec.path.endsWith('/limits'));

/**
 * One Nest controller per app, generated from the route table: each route becomes a handler that
 * hands the raw request to the streaming proxy, decorated for access and OpenAPI like any other.
 */
export function proxyController(app: UpstreamApp, routes: readonly RouteSpec[]): Type<unknown> {
  @Controller()
  class ProxyController {
    constructor(
      readonly proxy: ProxyService,
      readonly lineage: GroupLineage,
      readonly quota: ApiCallQuota,
      readonly writes: WriteSlots,
    ) {}
  }
  for (const spec of routes) {
    const name = operationId(spec);
    const handler = function (this: ProxyController, req: GatewayRequest, res: Response): void {
      const caller = callerOf(req);
      if (spec.method !== 'GET' && !this.writes.take(caller.keyId, res)) {
        sendProblem(req, res, this.writes.busy(), true);
        return void req.resume();
      }
      if (changesApiCallQuota(spec)) afterSuccess(res, () => void rereadQuota(this, req));
      this.proxy.forward(app, caller, req, res, {
        ...(spec.parsesBody ? { body: req.readBody?.raw ?? Buffer.alloc(0) } : {}),
        ...(req.admission ? { admission: req.admission } : {}),
      });
    };
    Object.defineProperty(ProxyController.prototype, name, { value: handler, writable: true, configurable: true });
    Reflect.defineMetadata('design:paramtypes', [Object, Object], ProxyController.prototype, name);
    Req()(ProxyController.prototype, name, 0);
    Res()(ProxyController.prototype, name, 1);
    ApiRoute(spec)(ProxyController.prototype, name, Object.getOwnPropertyDescriptor(ProxyController.prototype, name)!);
  }
  Object.defineProperty(ProxyController, 'name', { value: `${app[0]!.toUpperCase()}${app.slice(1)}ProxyController` });
  return ProxyController;
}

/** Routes of the apps that the gateway serves with a controller of its own. */
const OWN_CONTROLLERS = new Set(['POST /v1/groups']);

/** The proxy controllers of every app, in table order (a body the gateway read is forwarded as read). */
export const proxyControllers = (): Type<unknown>[] =>
  UPSTREAM_APPS.map((app) =>
    proxyController(
      app,
      ROUTES.filter((r) => r.owner === app && !OWN_CONTROLLERS.has(`${r.method} ${r.path}`)),
    ),
  );

function afterSuccess(res: Response, effect: () => void): void {
  res.once('finish', () => {
    if (res.statusCode >= 200 && res.statusCode < 300) effect();
  });
}

async function rereadQuota(controller: { lineage: GroupLineage; quota: ApiCallQuota }, req: Request): Promise<void> {
  const lineage = await controller.lineage.of(String(req.params.groupId)).catch(() => null);
  if (lineage) controller.quota.invalidate(lineage.rootGroupId);
}
