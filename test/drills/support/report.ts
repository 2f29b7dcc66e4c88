/** What a drill injected and what it counted, printed as it happens (outside jest's console capture). */
export class DrillReport {
  private readonly started = Date.now();

  constructor(private readonly drill: string) {
    this.line(`== drill: ${drill}`);
  }

  private stamp(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(1).padStart(6)} s`;
  }

  line(text: string): void {
    process.stdout.write(`[${this.drill}] ${text}\n`);
  }

  inject(text: string): void {
    this.line(`${this.stamp()}  INJECT  ${text}`);
  }

  note(text: string): void {
    this.line(`${this.stamp()}  ...     ${text}`);
  }

  /** Prints the check with both numbers, then asserts them equal. */
  check(what: string, actual: number, expected: number): void {
    this.line(
      `${this.stamp()}  CHECK   ${what}: ${actual.toLocaleString('en-US')} (expected ${expected.toLocaleString('en-US')})${actual === expected ? '' : '  <-- MISMATCH'}`,
    );
    expect({ [what]: actual }).toEqual({ [what]: expected });
  }
}
