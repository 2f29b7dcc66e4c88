import type { HttpMethod, RouteSpec } from './route-spec';
import { ROUTES } from './route-table';

/** The table's entry for a route the gateway serves with its own controller. */
export function route(method: HttpMethod, path: string): RouteSpec {
  const spec = ROUTES.find((r) => r.method === method && r.path === path);
  if (!spec) throw new Error(`route table has no ${method} ${path}`);
  return spec;
}
