export function ProgressBar({ percent, label }: { percent: number | null; label: string }) {
  const value = percent === null ? undefined : Math.max(0, Math.min(100, percent));
  return (
    <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
      <div class={`progress-fill${value === undefined ? ' indeterminate' : ''}`} style={{ width: `${value ?? 30}%` }} />
    </div>
  );
}
