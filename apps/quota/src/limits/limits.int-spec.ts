import { request } from '../../../../test/support/http';
import { knowGroups, newGroup, publisher, startQuota, type QuotaUnderTest } from '../testing/quota-harness';

// Limit overrides as the other apps read them from quota (quota process, real FerretDB): the
// effective retention for retention runs, and the api-call limit the gateway refuses at.
describe('limit overrides through quota’s internal routes', () => {
  let quota: QuotaUnderTest;
  const root = newGroup('starter');
  const sub = newGroup('starter', root);
  const get = (path: string) => request('GET', `${quota.url}${path}`, { internal: true });
  const put = (path: string, body: unknown) => request('PUT', `${quota.url}${path}`, { body, internal: true });

  beforeAll(async () => {
    quota = await startQuota(3350);
    knowGroups(quota, [root, sub]);
  });
  afterAll(async () => {
    await quota?.stop();
    await publisher.disconnect();
  });

  it("answers the plan's retention, then the override, for a root and its sub-groups", async () => {
    expect((await get(`/internal/retention/${sub.id}`)).body).toEqual({ groupId: sub.id, rootGroupId: root.id, days: 90 });
    const set = await put(`/v1/groups/${root.id}/limits`, { limits: { events_retention_days: { limit: 30 } } });
    expect(set.status).toBe(200);
    expect((await get(`/internal/retention/${sub.id}`)).body).toEqual({ groupId: sub.id, rootGroupId: root.id, days: 30 });
    await put(`/v1/groups/${root.id}/limits`, { limits: { events_retention_days: { limit: null } } });
    expect((await get(`/internal/retention/${root.id}`)).body).toMatchObject({ days: null });
    expect((await get(`/internal/retention/nowhere`)).status).toBe(404);
  });

  it('gives the gateway no api-call limit to refuse at while that limit is soft', async () => {
    await put(`/v1/groups/${root.id}/limits`, { limits: { api_calls_per_month: { limit: 2000, soft: true } } });
    expect((await get(`/internal/api-calls/${root.id}`)).body).toMatchObject({ used: 0, limit: null });
    await put(`/v1/groups/${root.id}/limits`, { limits: { api_calls_per_month: { limit: 2000 } } });
    expect((await get(`/internal/api-calls/${root.id}`)).body).toMatchObject({ used: 0, limit: 2000 });
  });
});
