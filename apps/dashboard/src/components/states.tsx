import type { ComponentChildren } from 'preact';
import { explain } from '../api/client';
import type { Resource } from '../use-resource';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ error, retry, title = 'This could not be loaded' }: { error: unknown; retry?: () => void; title?: string }) {
  return (
    <div class="state state-error" role="alert">
      <strong>{title}</strong>
      <p>{explain(error)}</p>
      {retry && (
        <button type="button" class="button secondary" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <strong>{title}</strong>
      {children && <div class="state-hint">{children}</div>}
    </div>
  );
}

/** Loading, error (with retry) or the content; data already shown stays while it reloads. */
export function Loaded<T>({
  resource,
  children,
  label,
}: {
  resource: Resource<T> & { reload: () => void };
  children: (data: T) => ComponentChildren;
  label?: string;
}) {
  if (resource.data !== undefined) {
    return (
      <>
        {resource.state === 'error' && <ErrorState error={resource.error} retry={resource.reload} title="Refreshing failed" />}
        <div class={resource.state === 'loading' ? 'refreshing' : undefined} aria-busy={resource.state === 'loading'}>
          {children(resource.data)}
        </div>
      </>
    );
  }
  if (resource.state === 'error') return <ErrorState error={resource.error} retry={resource.reload} />;
  return <Loading label={label} />;
}
