import { useCallback, useEffect, useState } from 'preact/hooks';

export type Resource<T> =
  | { readonly state: 'loading'; readonly data?: T }
  | { readonly state: 'error'; readonly error: unknown; readonly data?: T }
  | { readonly state: 'ready'; readonly data: T };

/** Loads on mount and whenever `deps` change; `reload` keeps showing the old data while it loads. */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): Resource<T> & { reload: () => void } {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setResource((r) => ({ state: 'loading', data: r.data }));
    load().then(
      (data) => live && setResource({ state: 'ready', data }),
      (error: unknown) => live && setResource((r) => ({ state: 'error', error, data: r.data })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...resource, reload };
}
