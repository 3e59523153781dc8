/**
 * What a fleet run measured, as it runs: every request the boards made (by hour and status),
 * which version each board runs (sampled at each hour's end), and each install and rollback. No
 * verdicts here: fleet-report.ts turns these into convergence times and goals.
 */
export const HOUR_MS = 3_600_000;

export interface HourRow {
  /** 0-based hour of the run. */
  hour: number;
  requests: number;
  /** Requests to the API host (the rate-limited one); the rest go to the raw file host. */
  api: number;
  ok200: number;
  notModified304: number;
  /** 403s for an exhausted rate limit (x-ratelimit-remaining: 0). */
  rateLimited403: number;
  /** Any other status (redirects, other 4xx/5xx). */
  other: number;
  /** Checks (updater runs) that began in this hour. */
  checks: number;
  /** Boards per version (commit label) at the hour's end. */
  versions: Record<string, number>;
}

export interface VersionChange {
  atMs: number;
  device: number;
  from: string;
  to: string;
}

export class FleetStats {
  readonly hours: HourRow[];
  readonly changes: VersionChange[] = [];
  /** Per release commit label: boards whose update installed it, and boards whose trial rolled it back. */
  readonly installs = new Map<string, number>();
  readonly rollbacks = new Map<string, number>();
  readonly outcomes = { updated: 0, 'up-to-date': 0, deferred: 0, failed: 0 };
  boots = 0;

  constructor(
    readonly startMs: number,
    hours: number,
    private readonly apiHost: string,
  ) {
    this.hours = Array.from({ length: Math.ceil(hours) }, (_, hour) => ({ hour, requests: 0, api: 0, ok200: 0, notModified304: 0, rateLimited403: 0, other: 0, checks: 0, versions: {} }));
  }

  /** The row of the hour `atMs` falls in (a check that began before the end and ran past it counts in the last hour). */
  rowAt(atMs: number): HourRow {
    const i = Math.max(0, Math.min(this.hours.length - 1, Math.floor((atMs - this.startMs) / HOUR_MS)));
    return this.hours[i]!;
  }

  request(atMs: number, url: string, status: number, rateLimitRemaining: string | null): void {
    const row = this.rowAt(atMs);
    row.requests++;
    if (new URL(url).host === this.apiHost) row.api++;
    if (status === 200) row.ok200++;
    else if (status === 304) row.notModified304++;
    else if (status === 403 && rateLimitRemaining === '0') row.rateLimited403++;
    else row.other++;
  }

  check(atMs: number): void {
    this.rowAt(atMs).checks++;
  }

  count(map: Map<string, number>, label: string): void {
    map.set(label, (map.get(label) ?? 0) + 1);
  }

  /** Sets the version counts of hour `hour` (called once its end has passed). */
  snapshot(hour: number, versions: readonly string[]): void {
    const row = this.hours[hour];
    if (!row) return;
    const counts: Record<string, number> = {};
    for (const v of versions) counts[v] = (counts[v] ?? 0) + 1;
    row.versions = counts;
  }

  get totals(): Omit<HourRow, 'hour' | 'versions'> {
    const t = { requests: 0, api: 0, ok200: 0, notModified304: 0, rateLimited403: 0, other: 0, checks: 0 };
    for (const r of this.hours) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
    return t;
  }
}
