import type { Access, GroupScope } from '../routes/route-spec';
import { API_KEY_ROLES, type ApiKeyRole, type Caller } from './caller';

export type AccessDecision = { readonly ok: true } | { readonly ok: false; readonly status: 403 | 404; readonly code: 'forbidden' | 'not_found'; readonly detail: string };

export interface AccessTarget {
  /** The group the request is about, when the route names one. */
  readonly groupId?: string;
  /** That group and its ancestors up to the root; null when no such group exists. */
  readonly lineage?: readonly string[] | null;
}

const ALLOW: AccessDecision = { ok: true };
const rank = (role: ApiKeyRole): number => API_KEY_ROLES.indexOf(role);

const forbidden = (detail: string): AccessDecision => ({ ok: false, status: 403, code: 'forbidden', detail });
const notFound = (groupId: string): AccessDecision => ({ ok: false, status: 404, code: 'not_found', detail: `group ${groupId} not found` });

/**
 * Whether a caller may use a route on a target group. Tenancy comes before role: a key sees its own
 * group and that group's sub-groups, and anything else is "not found" whatever the key's role, so a
 * key learns nothing about other tenants. Within its tenancy, a role below the route's is forbidden.
 */
export function decideAccess(caller: Caller, route: { readonly access: Access; readonly scope: GroupScope }, target: AccessTarget): AccessDecision {
  if (caller.kind === 'platform') return ALLOW;
  if (route.access === 'platform') return forbidden('this route needs the platform admin key');
  if (route.scope !== 'none') {
    if (target.groupId === undefined) {
      return route.scope === 'path' ? notFound('') : forbidden(route.scope === 'parent' ? 'only the platform admin key creates root groups' : 'platform-wide status needs the platform admin key; pass groupId');
    }
    if (!target.lineage || !target.lineage.includes(caller.groupId)) return notFound(target.groupId);
  }
  if (route.access === 'any') return ALLOW;
  return rank(caller.role) >= rank(route.access) ? ALLOW : forbidden(`this route needs a ${route.access} key; this key is a ${caller.role} key`);
}
