import {
  ApiKeyListDto,
  ArchivalRunResultDto,
  ArchivalStatusDto,
  ArchivalStatusQueryDto,
  ArchiveGroupRunDto,
  ArchiveManifestsPageDto,
  ArchiveManifestsQueryDto,
  ArchivedEventsPageDto,
  ArchivedEventsQueryDto,
  BatchResultDto,
  CanCreateDto,
  CanCreateQueryDto,
  CanStoreDto,
  CanStoreQueryDto,
  ConnectionsBatchDto,
  CounterResetDto,
  CreateApiKeyDto,
  CreateGroupDto,
  CreatedGroupDto,
  EnforceQuotaDto,
  EnforceResultDto,
  EventsBatchDto,
  GroupChangeDto,
  GroupDto,
  GroupQuotasDto,
  IssuedApiKeyDto,
  KnowledgeBatchDto,
  PatchGroupDto,
  QuotaStatusDto,
  RecordUsageDto,
  ResetCounterDto,
  ThingsBatchDto,
  ThingsUpdateBatchDto,
  UpdateBatchResultDto,
  UpgradePricingDto,
  UpgradePricingQueryDto,
  UsageRecordedDto,
} from '@onescale/api';
import type { GroupScope, QueryParam, RouteSpec } from './route-spec';

/**
 * THE one place that maps public routes (SPEC §2) to the app that serves them, with the access each
 * needs and the DTOs that document it. Proxy controllers, the OpenAPI document and the access guard
 * are all derived from this table.
 */
type Entry = Omit<RouteSpec, 'tag' | 'scope'> & { readonly scope?: GroupScope };

/** A section of the API under one OpenAPI tag; a route's group is its `:groupId` unless it says otherwise. */
const section = (tag: string, entries: readonly Entry[]): RouteSpec[] =>
  entries.map((e) => ({ ...e, tag, scope: e.scope ?? (e.path.includes(':groupId') ? 'path' : 'none') }));

const G = '/v1/groups/:groupId';
const minPosition: QueryParam = { name: 'minPosition', type: 'integer', description: 'the `position` a write returned: wait until the read models include it' };
const page = (max = 100): QueryParam[] => [
  { name: 'limit', type: 'integer', description: `page size (1..${max})` },
  { name: 'cursor', type: 'string', description: 'the `nextCursor` of the previous page' },
];
const q = (name: string, type: QueryParam['type'], extra: Partial<QueryParam> = {}): QueryParam => ({ name, type, ...extra });

/** What a batch write can answer besides 200: an archived group, and an Idempotency-Key in use or reused. */
const ARCHIVAL_RUN_ERRORS = { 409: 'another archival run is in progress; retry when it has finished' };

/** What a read with minPosition answers while the projection has not reached it. */
const READ_ERRORS = { 503: 'the app is unavailable, or (`projection_behind`) the read models did not reach `minPosition` within the wait: the problem carries `lag`; Retry-After says when to retry' };

const WRITE_ERRORS = {
  409: 'the group is archived, or a request with this Idempotency-Key is still running (Retry-After)',
  422: 'this Idempotency-Key was used with a different request',
};

export const ROUTES: readonly RouteSpec[] = [
  ...section('groups', [
    {
      method: 'POST', path: '/v1/groups', owner: 'ingest', access: 'admin', scope: 'parent', parsesBody: true, errors: { 409: 'the slug is taken, or the parent group is not active' }, status: 201, body: CreateGroupDto, response: CreatedGroupDto,
      summary: 'Create a group (platform admin key; a group admin key creates sub-groups of its groups); answers the group and its first admin key',
    },
    { method: 'GET', path: G, owner: 'ingest', access: 'reader', response: GroupDto, summary: 'Read a group' },
    {
      method: 'PATCH', path: G, owner: 'ingest', access: 'admin', parsesBody: true, fieldAccess: { plan: 'platform', status: 'ancestor' },
      errors: { 409: 'the group was changed at the same time; read it again and retry' }, body: PatchGroupDto, response: GroupChangeDto,
      summary: "Change a group's name or settings (its admin), status (an ancestor's admin) or plan (platform admin)",
    },
  ]),
  ...section('api-keys', [
    { method: 'POST', path: `${G}/api-keys`, owner: 'gateway', access: 'admin', parsesBody: true, status: 201, body: CreateApiKeyDto, response: IssuedApiKeyDto, summary: 'Issue an api key (shown once)' },
    { method: 'GET', path: `${G}/api-keys`, owner: 'gateway', access: 'admin', response: ApiKeyListDto, summary: "List the group's api keys (never their secrets)" },
    { method: 'DELETE', path: `${G}/api-keys/:keyId`, owner: 'gateway', access: 'admin', status: 204, summary: 'Revoke an api key, effective immediately' },
  ]),
  ...section('batch writes', [
    { method: 'POST', path: `${G}/things/batch`, owner: 'ingest', access: 'writer', errors: WRITE_ERRORS, body: ThingsBatchDto, response: BatchResultDto, summary: 'Create up to 10,000 things (partial success)' },
    { method: 'PATCH', path: `${G}/things/batch`, owner: 'ingest', access: 'writer', errors: WRITE_ERRORS, body: ThingsUpdateBatchDto, response: UpdateBatchResultDto, summary: 'Update up to 10,000 things' },
    { method: 'DELETE', path: `${G}/things/:thingId`, owner: 'ingest', access: 'writer', errors: WRITE_ERRORS, summary: 'Soft-delete a thing and its connections' },
    { method: 'POST', path: `${G}/connections/batch`, owner: 'ingest', access: 'writer', errors: WRITE_ERRORS, body: ConnectionsBatchDto, response: BatchResultDto, summary: 'Create up to 10,000 connections' },
    { method: 'POST', path: `${G}/events/batch`, owner: 'ingest', access: 'writer', errors: WRITE_ERRORS, body: EventsBatchDto, response: BatchResultDto, summary: 'Record up to 10,000 client events' },
    { method: 'POST', path: `${G}/knowledge/batch`, owner: 'ingest', access: 'writer', errors: WRITE_ERRORS, body: KnowledgeBatchDto, response: BatchResultDto, summary: 'Add up to 10,000 knowledge items' },
  ]),
  ...section('computed reads', [
    { method: 'GET', path: `${G}/things`, owner: 'metrics', access: 'reader', errors: READ_ERRORS, summary: 'List things', query: [q('type', 'string'), q('status', 'string'), ...page(), minPosition] },
    {
      method: 'GET', path: `${G}/things/:thingId`, owner: 'metrics', access: 'reader', errors: READ_ERRORS, summary: 'A thing with its relationships (getThingWithRelationships)',
      query: [q('includeKnowledge', 'boolean'), q('includeLazy', 'boolean'), minPosition],
    },
    {
      method: 'GET', path: `${G}/things/:thingId/relationships`, owner: 'metrics', access: 'reader', errors: READ_ERRORS, summary: "A page of a thing's relationships",
      query: [q('direction', 'string', { enum: ['inbound', 'outbound', 'both'] }), q('relationshipType', 'string'), ...page(), q('offset', 'integer'), minPosition],
    },
    { method: 'GET', path: `${G}/things/:thingId/activity`, owner: 'metrics', access: 'reader', errors: READ_ERRORS, summary: "A thing's activity, newest first", query: [...page(), minPosition] },
    { method: 'GET', path: `${G}/creators/:creatorId/stats`, owner: 'metrics', access: 'reader', errors: READ_ERRORS, summary: "A creator's computed stats", query: [minPosition] },
    { method: 'GET', path: `${G}/metrics`, owner: 'metrics', access: 'reader', errors: READ_ERRORS, summary: "A group's computed metrics", query: [minPosition] },
  ]),
  ...section('quotas', [
    { method: 'GET', path: `${G}/quotas`, owner: 'quota', access: 'reader', response: GroupQuotasDto, summary: 'Limits and usage per metric', query: [minPosition] },
    { method: 'GET', path: `${G}/quotas/status`, owner: 'quota', access: 'reader', response: QuotaStatusDto, summary: 'Quota status with warnings and recommendations', query: [minPosition] },
    { method: 'GET', path: `${G}/quotas/can-create`, owner: 'quota', access: 'reader', queryDto: CanCreateQueryDto, response: CanCreateDto, summary: 'Whether N more entities fit' },
    { method: 'GET', path: `${G}/quotas/can-store`, owner: 'quota', access: 'reader', queryDto: CanStoreQueryDto, response: CanStoreDto, summary: 'Whether N more bytes fit' },
    {
      method: 'POST', path: `${G}/quotas/enforce`, owner: 'quota', access: 'writer', body: EnforceQuotaDto, response: EnforceResultDto,
      summary: 'Check a planned amount against its limit (403 quota_exceeded when refused)',
    },
    { method: 'POST', path: `${G}/usage`, owner: 'quota', access: 'platform', body: RecordUsageDto, response: UsageRecordedDto, summary: 'Record usage by hand' },
    { method: 'POST', path: `${G}/quotas/reset`, owner: 'quota', access: 'platform', body: ResetCounterDto, response: CounterResetDto, summary: "Reset a metric's counter for a period" },
    { method: 'GET', path: '/v1/pricing/upgrades', owner: 'quota', access: 'any', queryDto: UpgradePricingQueryDto, response: UpgradePricingDto, summary: 'Upgrade options and prices from a plan' },
  ]),
  ...section('archival', [
    { method: 'POST', path: '/v1/archival/runs', owner: 'archiver', access: 'platform', errors: ARCHIVAL_RUN_ERRORS, response: ArchivalRunResultDto, summary: 'Run the daily archival now, for every group' },
    { method: 'POST', path: `${G}/archival/runs`, owner: 'archiver', access: 'admin', errors: ARCHIVAL_RUN_ERRORS, body: ArchiveGroupRunDto, response: ArchivalRunResultDto, summary: "Archive a group's old events now" },
    {
      method: 'GET', path: '/v1/archival/status', owner: 'archiver', access: 'reader', scope: 'query', queryDto: ArchivalStatusQueryDto, response: ArchivalStatusDto,
      summary: 'Archival status: platform-wide (platform admin key) or of one group (groupId, required for group keys)',
    },
    { method: 'GET', path: `${G}/archive/events`, owner: 'archiver', access: 'reader', queryDto: ArchivedEventsQueryDto, response: ArchivedEventsPageDto, summary: 'Read archived events back' },
    { method: 'GET', path: `${G}/archive/manifests`, owner: 'archiver', access: 'reader', queryDto: ArchiveManifestsQueryDto, response: ArchiveManifestsPageDto, summary: "Manifests of the group's archive objects" },
  ]),
];
