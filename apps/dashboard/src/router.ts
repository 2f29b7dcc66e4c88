import { useEffect, useState } from 'preact/hooks';

export type PageName = 'overview' | 'quotas' | 'storage' | 'creators' | 'things' | 'events' | 'archival' | 'webhooks' | 'import';

export interface Route {
  readonly page: PageName;
  /** The id in `#/things/<id>` or `#/creators/<id>`; the filters in `#/events/<query>`. */
  readonly id?: string;
}

const PAGES: readonly PageName[] = ['overview', 'quotas', 'storage', 'creators', 'things', 'events', 'archival', 'webhooks', 'import'];

/** Hash routes, so the gateway serves one file and deep links still work: `#/things/<id>`. */
export function parseRoute(hash: string): Route {
  const [name = '', id] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const page = PAGES.includes(name as PageName) ? (name as PageName) : 'overview';
  return id ? { page, id } : { page };
}

export const href = (page: PageName, id?: string): string =>
  page === 'overview' ? '#/' : `#/${page}${id ? `/${encodeURIComponent(id)}` : ''}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = (): void => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
