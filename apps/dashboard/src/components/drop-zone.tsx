import { useRef, useState } from 'preact/hooks';

/** Drop a file here, or click (or press Enter) to pick one. */
export function ImportDropZone({ file, disabled, onFile }: { file: File | null; disabled: boolean; onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const take = (files: FileList | null | undefined): void => {
    const f = files?.[0];
    if (f && !disabled) onFile(f);
  };
  return (
    <div
      class={`dropzone${over ? ' over' : ''}${disabled ? ' disabled' : ''}`}
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-label="Choose a file to import"
      data-testid="dropzone"
      onClick={() => !disabled && input.current?.click()}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && !disabled && input.current?.click()}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer?.files);
      }}
    >
      <input
        ref={input}
        type="file"
        accept=".ndjson,.jsonl,.json,.csv,.txt"
        hidden
        data-testid="file-input"
        onChange={(e) => take(e.currentTarget.files)}
      />
      <strong>{file ? 'Drop another file to replace it' : 'Drop an .ndjson or .csv file here'}</strong>
      <span class="muted">or click to choose one · any size, read as a stream</span>
    </div>
  );
}
