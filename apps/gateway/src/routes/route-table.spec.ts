import { SPEC_ROUTES } from '../testing/spec-routes';
import { operationId } from './route.decorator';
import { openApiPath, pathParams } from './route-spec';
import { ROUTES } from './route-table';

describe('the route table', () => {
  const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

  it('maps every route of SPEC §2 to an owner', () => {
    const mapped = new Set(ROUTES.map(key));
    expect(SPEC_ROUTES.filter((r) => !mapped.has(r))).toEqual([]);
  });

  it('maps each route once, with a distinct operation id', () => {
    expect(new Set(ROUTES.map(key)).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map(operationId)).size).toBe(ROUTES.length);
  });

  it('checks tenancy on every route that names a group in its path', () => {
    const unscoped = ROUTES.filter((r) => r.path.includes(':groupId') && r.scope !== 'path').map(key);
    expect(unscoped).toEqual([]);
    const groupless = ROUTES.filter((r) => r.scope === 'none').map((r) => `${key(r)} (${r.access})`);
    expect(groupless).toEqual(['GET /v1/pricing/upgrades (any)', 'POST /v1/archival/runs (platform)']);
  });

  it('lets readers only read', () => {
    const readerWrites = ROUTES.filter((r) => r.method !== 'GET' && (r.access === 'reader' || r.access === 'any')).map(key);
    expect(readerWrites).toEqual([]);
  });

  it('writes OpenAPI paths with braces', () => {
    expect(openApiPath('/v1/groups/:groupId/things/:thingId')).toBe('/v1/groups/{groupId}/things/{thingId}');
    expect(pathParams('/v1/groups/:groupId/api-keys/:keyId')).toEqual(['groupId', 'keyId']);
  });
});
