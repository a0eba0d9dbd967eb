// One log line per outage, not one per request: the first failure for a reason is logged; while the same reason
// repeats (twenty coins refreshed through the same unreachable exchanges) the rest are only counted, and the
// line that says it works again tells how many were not logged.
export class OutageLog {
  private readonly open = new Map<string, number>();

  constructor(private readonly log: (message: string) => void) {}

  /** `reason` failed for `what`: logged unless the same reason is already open. */
  failed(reason: string, message: string): void {
    const quiet = this.open.get(reason);
    if (quiet !== undefined) {
      this.open.set(reason, quiet + 1);
      return;
    }
    this.open.set(reason, 0);
    this.log(`${message} (more failures for the same reason are not logged until it works again)`);
  }

  /** Something worked again: closes every open reason, saying so once. */
  recovered(message: string): void {
    if (this.open.size === 0) return;
    const quiet = [...this.open.values()].reduce((a, b) => a + b, 0);
    this.open.clear();
    this.log(`${message}${quiet > 0 ? ` (${quiet} failures were not logged meanwhile)` : ""}`);
  }
}
