import type { Access, FieldAccess, GroupScope } from '../routes/route-spec';
import { API_KEY_ROLES, type ApiKeyRole, type Caller } from './caller';

export type AccessDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 403 | 404; readonly code: 'forbidden' | 'not_found'; readonly detail: string };

export interface AccessTarget {
  /** The group the request is about, when the route names one. */
  readonly groupId?: string;
  /** That group and its ancestors up to the root; null when no such group exists. */
  readonly lineage?: readonly string[] | null;
  /** The top-level fields of the request body, on routes whose fields need more than the route's access. */
  readonly fields?: readonly string[];
}

export interface AccessRule {
  readonly access: Access;
  readonly scope: GroupScope;
  readonly fieldAccess?: Readonly<Record<string, FieldAccess>>;
}

const ALLOW: AccessDecision = { ok: true };
const rank = (role: ApiKeyRole): number => API_KEY_ROLES.indexOf(role);

const forbidden = (detail: string): AccessDecision => ({ ok: false, status: 403, code: 'forbidden', detail });
const notFound = (groupId: string): AccessDecision => ({ ok: false, status: 404, code: 'not_found', detail: `group ${groupId} not found` });

const FIELD_DETAIL: Record<FieldAccess, (field: string) => string> = {
  platform: (field) => `${field} is changed by the platform admin key only`,
  ancestor: (field) =>
    `a group's ${field} is changed by an admin key of a group above it or the platform admin key, never by the group's own keys`,
};

/**
 * Whether a caller may use a route on a target group: THE decision for every public route.
 * Tenancy comes before role: a key sees its own group and that group's sub-groups, and anything else
 * is "not found" whatever the key's role or the route, so a key learns nothing about other tenants.
 * Within its tenancy, a role below the route's is forbidden, as are platform routes and body fields
 * whose rule the key does not meet (SPEC §2: plan, usage and resets are the platform's; a group's
 * status is its ancestors').
 */
export function decideAccess(caller: Caller, route: AccessRule, target: AccessTarget): AccessDecision {
  if (caller.kind === 'platform') return ALLOW;
  if (route.scope !== 'none') {
    if (target.groupId === undefined) {
      return route.scope === 'path'
        ? notFound('')
        : forbidden(
            route.scope === 'parent'
              ? 'only the platform admin key creates root groups'
              : 'platform-wide status needs the platform admin key; pass groupId',
          );
    }
    if (!target.lineage || !target.lineage.includes(caller.groupId)) return notFound(target.groupId);
  }
  if (route.access === 'platform') return forbidden('this route needs the platform admin key');
  if (route.access !== 'any' && rank(caller.role) < rank(route.access))
    return forbidden(`this route needs a ${route.access} key; this key is a ${caller.role} key`);
  for (const field of target.fields ?? []) {
    const rule = route.fieldAccess?.[field];
    if (rule === 'platform' || (rule === 'ancestor' && caller.groupId === target.groupId)) return forbidden(FIELD_DETAIL[rule](field));
  }
  return ALLOW;
}
