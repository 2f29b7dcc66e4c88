/**
 * Every public route of SPEC §2 (plus the archive manifests route), written out independently of
 * the gateway's route table so tests catch a route the table forgot.
 */
export const SPEC_ROUTES = [
  'POST /v1/groups',
  'GET /v1/groups/:groupId',
  'PATCH /v1/groups/:groupId',
  'POST /v1/groups/:groupId/api-keys',
  'PATCH /v1/groups/:groupId/api-keys/:keyId',
  'DELETE /v1/groups/:groupId/api-keys/:keyId',
  'POST /v1/groups/:groupId/things/batch',
  'PATCH /v1/groups/:groupId/things/batch',
  'POST /v1/groups/:groupId/connections/batch',
  'POST /v1/groups/:groupId/events/batch',
  'GET /v1/groups/:groupId/events',
  'POST /v1/groups/:groupId/events/:eventId/void',
  'POST /v1/groups/:groupId/knowledge/batch',
  'DELETE /v1/groups/:groupId/things/:thingId',
  'GET /v1/groups/:groupId/things',
  'GET /v1/groups/:groupId/things/:thingId',
  'GET /v1/groups/:groupId/things/:thingId/relationships',
  'GET /v1/groups/:groupId/things/:thingId/activity',
  'GET /v1/groups/:groupId/creators/:creatorId/stats',
  'GET /v1/groups/:groupId/metrics',
  'GET /v1/groups/:groupId/quotas',
  'GET /v1/groups/:groupId/quotas/status',
  'GET /v1/groups/:groupId/quotas/can-create',
  'GET /v1/groups/:groupId/quotas/can-store',
  'POST /v1/groups/:groupId/quotas/enforce',
  'POST /v1/groups/:groupId/usage',
  'POST /v1/groups/:groupId/quotas/reset',
  'GET /v1/groups/:groupId/usage/history',
  'GET /v1/groups/:groupId/limits',
  'PUT /v1/groups/:groupId/limits',
  'GET /v1/pricing/upgrades',
  'POST /v1/archival/runs',
  'POST /v1/groups/:groupId/archival/runs',
  'GET /v1/archival/status',
  'GET /v1/groups/:groupId/archive/events',
  'GET /v1/groups/:groupId/archive/manifests',
  'POST /v1/groups/:groupId/webhooks',
  'GET /v1/groups/:groupId/webhooks',
  'DELETE /v1/groups/:groupId/webhooks/:id',
  'GET /v1/groups/:groupId/webhooks/:id/deliveries',
] as const;

export const specRoute = (line: string): { method: string; path: string } => {
  const [method, path] = line.split(' ') as [string, string];
  return { method, path };
};
