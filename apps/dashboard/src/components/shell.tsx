import type { ComponentChildren } from 'preact';
import { href, type PageName } from '../router';
import type { Session } from '../session';

const NAV: readonly { page: PageName; label: string }[] = [
  { page: 'overview', label: 'Overview' },
  { page: 'quotas', label: 'Quotas' },
  { page: 'storage', label: 'Storage' },
  { page: 'creators', label: 'Creators' },
  { page: 'things', label: 'Things' },
  { page: 'events', label: 'Events' },
  { page: 'archival', label: 'Archival' },
  { page: 'webhooks', label: 'Webhooks' },
  { page: 'import', label: 'Import' },
];

export function Shell({
  session,
  current,
  onSignOut,
  children,
}: {
  session: Session;
  current: PageName;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={href('overview')}>
          <img src="/favicon.svg" alt="" width="24" height="24" />
          onescale
        </a>
        <div class="group-chip" title={session.group.id}>
          <span class="group-name" data-testid="group-name">
            {session.group.name}
          </span>
          <span class={`badge plan plan-${session.group.plan}`}>{session.group.plan}</span>
        </div>
        <button type="button" class="button link signout" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav class="nav" aria-label="Pages">
        {NAV.map((item) => (
          <a
            key={item.page}
            href={href(item.page)}
            class={item.page === current ? 'active' : undefined}
            aria-current={item.page === current ? 'page' : undefined}
          >
            {item.label}
          </a>
        ))}
      </nav>
      <main class="content">{children}</main>
    </div>
  );
}
