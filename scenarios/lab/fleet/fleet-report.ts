/**
 * A fleet run read back: when each release reached 50/90/100 % of the boards (and each goal's
 * percent), the goals judged, and — when polling is too eager for the shared address — the
 * interval that would fit GitHub's budget, computed from what the run measured.
 */
import type { FleetRun } from './run-fleet.ts';
import { HOUR_MS } from './fleet-stats.ts';

export interface ReleaseReport {
  tag: string;
  version: string;
  publishedAtHour: number | null;
  /** Percent → hours after publication until that share of boards ran it (null: never in this run). */
  reached: Record<string, number | null>;
  installs: number;
  rollbacks: number;
  atEnd: number;
}

export interface GoalResult {
  name: string;
  passed: boolean;
  measured: string;
}

export interface FleetReport {
  scenario: string;
  description: string;
  devices: number;
  nat: number;
  hours: number;
  seed: number;
  /** The API budget an hour: per address for anonymous boards, shared by all for boards sending one token. */
  rateLimitPerHour: number;
  /** Whether the boards send a token (config `token`): GitHub then counts per token, not per address. */
  auth: 'anonymous' | 'token';
  /** What `rateLimitPerHour` is shared by, for the reports: "each address" or "the token". */
  budgetScope: string;
  /** The whole fleet's API budget an hour. */
  budgetPerHour: number;
  wallMs: number;
  /** The version every board started on. */
  initial: string;
  totals: FleetRun['stats']['totals'];
  outcomes: FleetRun['stats']['outcomes'];
  boots: number;
  stuck: number;
  hoursTable: FleetRun['stats']['hours'];
  releases: ReleaseReport[];
  goals: GoalResult[];
  /** Peak rate-limit 403s in one hour, and that hour. */
  peak403: { hour: number; count: number };
  apiRequestsPerIdleCheck: number;
  /** What config would keep the shared address under its limit (null when the run already did). */
  advice: string | null;
}

const PERCENTS = [50, 90, 100];
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Hours after `publishedAtHour` until `percent` % of the boards ran `version`, from the run's version changes. */
export function timeToReach(run: FleetRun, version: string, percent: number, publishedAtHour: number): number | null {
  const n = run.options.devices;
  const need = Math.ceil((percent / 100) * n - 1e-9);
  let count = run.initial === version ? n : 0;
  if (count >= need) return 0;
  const changes = [...run.stats.changes].sort((a, b) => a.atMs - b.atMs || a.device - b.device);
  for (const c of changes) {
    if (c.to === version) count++;
    if (c.from === version) count--;
    if (count >= need) return round1(Math.max(0, (c.atMs - run.stats.startMs) / HOUR_MS - publishedAtHour));
  }
  return null;
}

export function fleetReport(run: FleetRun): FleetReport {
  const s = run.scenario;
  const n = run.options.devices;
  const token = typeof s.device.config.token === 'string' && s.device.config.token !== '';
  const limit = token ? (s.server.rateLimit?.token ?? 5000) : (s.server.rateLimit?.anonymous ?? 60);
  const goalPercents = new Map<string, number[]>();
  for (const g of s.goals?.converge ?? []) goalPercents.set(g.release, [...(goalPercents.get(g.release) ?? []), g.percent]);
  const releases: ReleaseReport[] = run.releases.map((r) => {
    const reached: Record<string, number | null> = {};
    for (const p of [...new Set([...PERCENTS, ...(goalPercents.get(r.tag) ?? [])])].sort((a, b) => a - b)) {
      reached[String(p)] = r.publishedAtHour === null ? null : timeToReach(run, r.version, p, r.publishedAtHour);
    }
    return {
      ...r,
      reached,
      installs: run.stats.installs.get(r.version) ?? 0,
      rollbacks: run.stats.rollbacks.get(r.version) ?? 0,
      atEnd: run.final.filter((v) => v === r.version).length,
    };
  });
  const totals = run.stats.totals;
  const peakRow = run.stats.hours.reduce((a, b) => (b.rateLimited403 > a.rateLimited403 ? b : a), run.stats.hours[0]!);
  const goals: GoalResult[] = [];
  const max403 = s.goals?.maxRateLimit403s ?? 0;
  goals.push({
    name: `at most ${max403} rate-limit 403s`,
    passed: totals.rateLimited403 <= max403,
    measured: `${totals.rateLimited403} rate-limit 403s of ${totals.api} API requests${totals.rateLimited403 > 0 ? ` (peak ${peakRow.rateLimited403} in hour ${peakRow.hour})` : ''}`,
  });
  for (const g of s.goals?.converge ?? []) {
    const r = releases.find((x) => x.tag === g.release)!;
    const t = r.reached[String(g.percent)] ?? null;
    const share = Math.round((r.atEnd / n) * 1000) / 10;
    goals.push({
      name: `${g.release} on ${g.percent} % of boards within ${g.withinHours} h of its release`,
      passed: t !== null && t <= g.withinHours,
      measured: r.publishedAtHour === null ? `${g.release} was never published in these ${run.options.hours} h` : t === null ? `not reached in the run: ${share} % at the end` : `reached in ${t} h`,
    });
  }
  for (const tag of s.goals?.noneOn ?? []) {
    const r = releases.find((x) => x.tag === tag)!;
    goals.push({ name: `no board on ${tag} at the end`, passed: r.atEnd === 0, measured: `${r.atEnd} boards on it at the end; ${r.installs} installed it, ${r.rollbacks} rolled it back` });
  }
  const perIdle = run.apiRequestsPerCheck;
  return {
    scenario: s.name,
    description: s.description,
    devices: n,
    nat: run.options.nat,
    hours: run.options.hours,
    seed: run.options.seed,
    rateLimitPerHour: limit,
    auth: token ? 'token' : 'anonymous',
    budgetScope: token ? 'the token' : run.options.nat === 1 ? 'the address' : 'each address',
    budgetPerHour: token ? limit : limit * run.options.nat,
    wallMs: run.wallMs,
    initial: run.initial,
    totals,
    outcomes: run.stats.outcomes,
    boots: run.stats.boots,
    stuck: run.stuck,
    hoursTable: run.stats.hours,
    releases,
    goals,
    peak403: { hour: peakRow.hour, count: peakRow.rateLimited403 },
    apiRequestsPerIdleCheck: Math.round(perIdle * 100) / 100,
    advice: totals.rateLimited403 === 0 ? null : advice(run, limit, perIdle, token),
  };
}

/**
 * Each address has `limit` requests an hour; D boards behind it, each checking every I seconds at
 * r requests a check (measured: a 304 costs 1, an update 3, a rollout wait 3), ask D·r·3600/I an
 * hour on average. When the average fits but 403s came anyway, the busiest hour is why: check
 * times bunch (first power-ons, every board retrying at the same rate-limit reset).
 */
function advice(run: FleetRun, limit: number, perIdle: number, token: boolean): string {
  const perAddress = token ? run.options.devices : Math.ceil(run.options.devices / run.options.nat);
  const r = Math.max(1, perIdle, run.apiRequestsPerAnsweredCheck);
  const interval = Number(run.scenario.device.config.min_update_interval_sec ?? 0);
  const wakeEvery = run.scenario.fleet?.wakeEverySec ?? 3600;
  const period = interval > 0 ? interval : wakeEvery;
  const average = (perAddress * r * 3600) / period;
  const even = Math.ceil((perAddress * r * 3600) / limit);
  const safe = Math.ceil((even * 1.5) / 3600) * 3600;
  const busiest = run.stats.hours.reduce((a, b) => (b.api > a.api ? b : a), run.stats.hours[0]!);
  const cost = `${perAddress} boards share ${token ? 'the token' : 'each address'} and a check that reached GitHub cost ${round1(r)} API requests on average here (measured: an idle check's 304 costs 1, an update 3, the check after it 2, a board waiting on a rollout 3)`;
  const fix = `Or spread the boards over more addresses (--nat), or give them a token (5,000 an hour per token).`;
  if (average > limit) {
    return `${cost}. Checking every ${period} s they ask ~${Math.round(average)} an hour per ${token ? 'token' : 'address'}, above ${limit}: min_update_interval_sec ≥ ${even} (${round1(even / 3600)} h) fits on average; with headroom for uneven check times, ${safe} (${round1(safe / 3600)} h). ${fix}`;
  }
  return `${cost}. On average they ask ~${Math.round(average)} an hour per ${token ? 'token' : 'address'}, within ${limit}, but the busiest hour (hour ${busiest.hour}) asked ${busiest.api}: check times bunch — first power-ons drawn at random, and every rate-limited board retrying at the same reset second (the updater jitters the backoff, not the wait for a reset). Headroom: min_update_interval_sec ≥ ${safe} (${round1(safe / 3600)} h). ${fix}`;
}
