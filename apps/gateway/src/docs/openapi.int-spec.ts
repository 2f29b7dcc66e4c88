import { request } from '../../../../test/support/http';
import { openApiPath } from '../routes/route-spec';
import { startGateway, type GatewayHarness } from '../testing/gateway-harness';
import { SPEC_ROUTES, specRoute } from '../testing/spec-routes';

describe('OpenAPI document', () => {
  let gateway: GatewayHarness;
  beforeAll(async () => {
    gateway = await startGateway(3604, 'onescale_gateway_it_docs');
  });
  afterAll(() => gateway?.stop());

  it('documents every route of SPEC §2, with its path parameters, under bearer auth', async () => {
    const { status, body } = await request('GET', `${gateway.url}/docs-json`);
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const missing = SPEC_ROUTES.map(specRoute).filter(({ method, path }) => !body.paths[openApiPath(path)]?.[method.toLowerCase()]);
    expect(missing).toEqual([]);
    for (const line of SPEC_ROUTES) {
      const { method, path } = specRoute(line);
      const operation = body.paths[openApiPath(path)][method.toLowerCase()];
      const documented = (operation.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name);
      expect({ line, params: documented.sort() }).toEqual({ line, params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort() });
      expect({ line, security: operation.security }).toEqual({ line, security: [{ bearer: [] }] });
    }
  });

  it('describes request bodies with the DTOs that validate them', async () => {
    const { body } = await request('GET', `${gateway.url}/docs-json`);
    const schemaOf = (path: string, method: string): string | undefined =>
      body.paths[path][method].requestBody?.content['application/json']?.schema?.$ref;
    const bodies = {
      'post /v1/groups': 'CreateGroupDto',
      'patch /v1/groups/{groupId}': 'PatchGroupDto',
      'post /v1/groups/{groupId}/api-keys': 'CreateApiKeyDto',
      'post /v1/groups/{groupId}/things/batch': 'ThingsBatchDto',
      'patch /v1/groups/{groupId}/things/batch': 'ThingsUpdateBatchDto',
      'post /v1/groups/{groupId}/connections/batch': 'ConnectionsBatchDto',
      'post /v1/groups/{groupId}/events/batch': 'EventsBatchDto',
      'post /v1/groups/{groupId}/knowledge/batch': 'KnowledgeBatchDto',
      'post /v1/groups/{groupId}/quotas/enforce': 'EnforceQuotaDto',
      'post /v1/groups/{groupId}/usage': 'RecordUsageDto',
      'post /v1/groups/{groupId}/quotas/reset': 'ResetCounterDto',
      'post /v1/groups/{groupId}/archival/runs': 'ArchiveGroupRunDto',
    };
    const documented = Object.fromEntries(
      Object.keys(bodies).map((route) => [route, schemaOf(route.split(' ')[1]!, route.split(' ')[0]!)?.split('/').pop()]),
    );
    expect(documented).toEqual(bodies);
    const canCreate = body.paths['/v1/groups/{groupId}/quotas/can-create'].get.parameters.find((p: { name: string }) => p.name === 'count');
    expect(canCreate).toMatchObject({ in: 'query', required: true, schema: { type: 'integer' } });
    const feed = body.paths['/v1/groups/{groupId}/events'].get;
    expect(
      feed.parameters
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['actorId', 'cursor', 'from', 'limit', 'order', 'targetId', 'to', 'type']);
    expect(feed.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/EventFeedPageDto');
    expect(body.components.schemas.CreateApiKeyDto.properties.role.enum).toEqual(['reader', 'writer', 'admin']);
    expect(body.components.schemas.ProblemDetailsDto.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']),
    );
  });

  it('serves the interactive page at /docs', async () => {
    const response = await fetch(`${gateway.url}/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });
});
