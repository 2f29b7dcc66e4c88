import { RequestMapping, RequestMethod, SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ProblemDetailsDto } from '@onescale/api';
import { AccessGuard } from '../auth/access.guard';
import { ROUTE_SPEC, pathParams, type FieldAccess, type QueryParam, type RouteSpec } from './route-spec';

const QUERY_TYPES = { string: String, integer: Number, boolean: Boolean } as const;

const problem = (status: number, description: string): MethodDecorator =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } } });

const ERRORS: Record<number, string> = {
  400: 'malformed input (problem details with `errors: [{path, message}]`)',
  401: 'missing, unknown or revoked api key',
  403: "the key's role is too weak for this route",
  404: 'no such group or resource in the reach of this key',
  429: 'the key used its rate limit (`rate_limited`), the group used its monthly api calls, or (writes) the key already has 4 writes in flight, or its tenant still has 10,000 earlier items not applied to the read models after 5 s (`projection_backlog`, nothing written); Retry-After says when to retry',
  503: 'the app behind this route is unavailable (Retry-After)',
};

/** Answers only a request with a body can get (SPEC §2 "Isolation"). */
const BODY_ERRORS: Record<number, string> = {
  408: 'the request body arrived slower than 64 KiB/s after its first second',
  413: 'the body is over 32 MiB once decoded',
  415: 'a Content-Encoding other than gzip, deflate or br',
};

const queryParam = (q: QueryParam): MethodDecorator =>
  ApiQuery({
    name: q.name,
    required: q.required ?? false,
    type: QUERY_TYPES[q.type],
    description: q.description,
    ...(q.enum ? { enum: [...q.enum] } : {}),
  });

/**
 * Everything a public route needs, derived from its RouteSpec: the HTTP mapping, the access guard
 * and the OpenAPI description (parameters, body DTO, success and error responses).
 */
export function ApiRoute(spec: RouteSpec): MethodDecorator {
  const status = spec.status ?? 200;
  return applyDecorators(
    RequestMapping({ path: spec.path, method: RequestMethod[spec.method] }),
    SetMetadata(ROUTE_SPEC, spec),
    UseGuards(AccessGuard),
    ApiTags(spec.tag),
    ApiBearerAuth(),
    ApiExtraModels(ProblemDetailsDto),
    ApiOperation({ summary: spec.summary, description: accessNote(spec), operationId: operationId(spec) }),
    ...pathParams(spec.path).map((name) => ApiParam({ name, type: String, required: true })),
    ...(spec.queryDto ? [ApiQuery({ type: spec.queryDto })] : []),
    ...(spec.query ?? []).map(queryParam),
    ...(spec.body ? [ApiBody({ type: spec.body })] : []),
    ApiResponse({
      status,
      description: status === 204 ? 'done; no content' : 'success',
      ...(spec.response ? { type: spec.response } : {}),
    }),
    ...Object.entries({ ...ERRORS, ...(spec.method === 'GET' ? {} : BODY_ERRORS), ...spec.errors })
      .filter(([code]) => code !== '400' || spec.method !== 'GET' || spec.queryDto || (spec.query ?? []).length > 0)
      .map(([code, text]) => problem(Number(code), text)),
  );
}

const ACCESS_NOTES: Record<RouteSpec['access'], string> = {
  reader: 'Any key of the group or of an ancestor group.',
  writer: 'A writer or admin key of the group or of an ancestor group.',
  admin: 'An admin key of the group or of an ancestor group, or the platform admin key.',
  platform: 'The platform admin key only.',
  any: 'Any valid key.',
};

const FIELD_NOTES: Record<FieldAccess, string> = {
  platform: 'the platform admin key only',
  ancestor: "an admin key of a group above this one or the platform admin key (never the group's own keys)",
};

const accessNote = (spec: RouteSpec): string =>
  `Served by ${spec.owner}. Access: ${ACCESS_NOTES[spec.access]}` +
  Object.entries(spec.fieldAccess ?? {})
    .map(([field, rule]) => ` \`${field}\`: ${FIELD_NOTES[rule]}.`)
    .join('');

/** A stable operationId from method and path: `post_groups_groupId_things_batch`. */
export const operationId = (spec: RouteSpec): string =>
  `${spec.method.toLowerCase()}_${spec.path
    .replace(/^\/v1\//, '')
    .replace(/[:/-]+/g, '_')
    .replace(/^_|_$/g, '')}`;
