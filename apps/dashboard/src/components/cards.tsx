import type { ComponentChildren } from 'preact';

export function MetricCard({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ComponentChildren;
  hint?: ComponentChildren;
  testId?: string;
}) {
  return (
    <div class="card metric" data-testid={testId}>
      <div class="metric-label">{label}</div>
      <div class="metric-value">{value}</div>
      {hint !== undefined && <div class="metric-hint">{hint}</div>}
    </div>
  );
}

export function Section({
  title,
  actions,
  children,
  id,
}: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
  id?: string;
}) {
  return (
    <section class="section" id={id} aria-label={title}>
      <header class="section-head">
        <h2>{title}</h2>
        {actions && <div class="section-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function PageHead({ title, subtitle, actions }: { title: string; subtitle?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <header class="page-head">
      <div>
        <h1>{title}</h1>
        {subtitle && <p class="subtitle">{subtitle}</p>}
      </div>
      {actions && <div class="page-actions">{actions}</div>}
    </header>
  );
}

export function RefreshButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" class="button secondary" onClick={onClick}>
      Refresh
    </button>
  );
}
