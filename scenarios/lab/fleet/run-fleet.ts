/**
 * `otalab fleet`: many virtual boards — each core's updater (core/boot.ts, as the ts target runs
 * it) on its own in-memory flash — sharing ONE fake GitHub, grouped behind NAT addresses (GitHub's
 * anonymous limit is per address), on one virtual clock. A queue of wake-ups drives it: each board
 * runs the updater when the updater says its next check is due (min_update_interval_sec, the
 * backoff's jittered next_check_at, a rate-limit reset, the update window), else when its app runs
 * it again (`wakeEverySec`). Meanwhile the release timeline publishes releases and raises rollouts.
 * Deterministic: the seed picks board ids and first power-on times; nothing else is random.
 *
 * Fault model: none but GitHub's (rate limits) and the releases' own (an app that crashes fails its
 * trial and rolls back). Each board's clock is moved to its wake time before it runs; a check's
 * own few seconds of virtual time may overlap the next board's start (the server sees times a
 * few seconds out of order, far below the limit's one-hour window).
 */
import { boot, describeOutcome } from '../../../core/boot.ts';
import { CONFIG_DEFAULTS } from '../../../core/config/defaults.ts';
import type { UpdateOutcome } from '../../../core/outcome.ts';
import { hourOf, inWindow, CLOCK_SET_AFTER_MS } from '../../../core/update/window.ts';
import { hang, simApp } from '../../../sim/app.ts';
import { SimBoard } from '../../../sim/board.ts';
import { DEFAULT_START_EPOCH_MS } from '../../../sim/clock.ts';
import { boardId, firstWakeMs, natAddress, wakeTie } from '../../../sim/fleet/fleet-ids.ts';
import { applyReleaseEvent, findRelease } from '../../../sim/fleet/release-timeline.ts';
import { WakeQueue } from '../../../sim/fleet/wake-queue.ts';
import { GitHubModel } from '../../../sim/github/model.ts';
import { provision } from '../../state/index.ts';
import type { BootRecord } from '../../target.ts';
import { bootLoop } from '../../targets/board-run.ts';
import type { Scenario } from '../../types.ts';
import { FLEET_DEFAULTS, type FleetScenario } from './fleet-scenario.ts';
import { FleetStats, HOUR_MS } from './fleet-stats.ts';

export interface FleetOptions {
  devices: number;
  nat: number;
  hours: number;
  seed: number;
  /** Called as each simulated hour ends (progress for long runs). */
  onHour?: (p: { hour: number; hours: number; checks: number; requests: number }) => void;
}

export interface FleetRun {
  scenario: FleetScenario;
  options: Omit<FleetOptions, 'onHour'>;
  stats: FleetStats;
  /** Per release tag: its commit label and when it became public (hours into the run; 0 when public from the start, null if never). */
  releases: { tag: string; version: string; publishedAtHour: number | null }[];
  /** The version every board starts on (commit label; "(none)" for a fresh board). */
  initial: string;
  /** Every board's version at the end, by commit label. */
  final: string[];
  /** Boards stuck for good (an app that hung with no watchdog running). */
  stuck: number;
  /** API requests per completed idle check that made any (a 304 costs 1): measured, for the config advice. */
  apiRequestsPerCheck: number;
  /** API requests GitHub answered (not 403) per check that made any, updates and rollout waits included: measured, for the advice. */
  apiRequestsPerAnsweredCheck: number;
  wallMs: number;
}

/** Boots one wake may take (an update, its trial boots, a rollback): more means a crash loop. */
const BOOTS_PER_WAKE = 12;

interface Device {
  index: number;
  board: SimBoard;
  version: string;
  rejected: number;
  /** How the next wake starts: a soft reset after an idle boot (the app runs the updater again), a watchdog reset after a crash. */
  nextCause: 'soft' | 'watchdog' | null;
  stuck: boolean;
  wakes: number;
}

const utf8 = new TextDecoder();

function readJsonFile(board: SimBoard, path: string): Record<string, unknown> | null {
  if (board.flash.stat(path)?.kind !== 'file') return null;
  try {
    const v: unknown = JSON.parse(utf8.decode(board.flash.readFile(path)));
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export async function runFleet(scenario: FleetScenario, options: FleetOptions): Promise<FleetRun> {
  const wallStart = performance.now();
  const { devices: n, nat, hours, seed } = options;
  const startMs = DEFAULT_START_EPOCH_MS;
  const endMs = startMs + hours * HOUR_MS;
  const config = { ...CONFIG_DEFAULTS, ...scenario.device.config } as typeof CONFIG_DEFAULTS & Record<string, unknown>;
  const repoFull = `${String(config.owner)}/${String(config.repo)}`;
  const wakeEveryMs = (scenario.fleet?.wakeEverySec ?? FLEET_DEFAULTS.wakeEverySec) * 1000;
  const spreadMs = (scenario.fleet?.firstWakeSpreadSec ?? FLEET_DEFAULTS.firstWakeSpreadSec) * 1000;

  let current: SimBoard | null = null;
  let fleetNow = startMs;
  const model = new GitHubModel(scenario.server, { now: () => (current ? current.clock.epochMs : fleetNow) });
  const stats = new FleetStats(startMs, hours, model.hosts.api);
  const labelOf = (sha: unknown) => (typeof sha === 'string' ? (model.labelOf(sha) ?? sha.slice(0, 7)) : '(none)');

  const asScenario = { name: scenario.name, description: scenario.description, device: scenario.device, server: scenario.server, expect: {} } as Scenario;
  const files = provision(asScenario, (label) => model.commitSha(repoFull, label));
  const fleet: Device[] = [];
  const queue = new WakeQueue();
  for (let i = 0; i < n; i++) {
    const board = new SimBoard({
      server: scenario.server,
      github: model,
      publicAddress: natAddress(i, nat),
      uniqueId: boardId(seed, i),
      batteryPercent: scenario.device.batteryPercent,
      rtc: scenario.device.rtc,
      flashStore: { backend: 'map', opLog: false },
      http: (link) => ({
        fetch: async (url, init) => {
          const res = await link.fetch(url, init);
          stats.request(board.clock.epochMs, url, res.status, res.headers.get('x-ratelimit-remaining'));
          return res;
        },
      }),
    });
    board.flash.load(files);
    if (scenario.device.freeBytes !== undefined) board.flash.leaveFree(scenario.device.freeBytes);
    const d: Device = { index: i, board, version: '', rejected: 0, nextCause: null, stuck: false, wakes: 0 };
    readVersion(d);
    fleet.push(d);
    queue.push({ atMs: startMs + firstWakeMs(seed, i, spreadMs), device: i });
  }

  function readVersion(d: Device): void {
    const v = readJsonFile(d.board, 'version.json');
    d.version = v === null ? '(none)' : labelOf(v.commit);
    d.rejected = Array.isArray(v?.rejected) ? v.rejected.length : 0;
  }

  const releases = (scenario.server.repos.find((r) => `${r.owner}/${r.name}` === repoFull)?.releases ?? []).map((r) => ({
    tag: r.tag,
    version: findRelease(model, repoFull, r.tag)!.commit.label,
    publishedAtHour: r.draft ? null : 0,
  }));
  const initial = fleet[0]?.version ?? '(none)';
  const events = [...scenario.timeline];
  let nextEvent = 0;
  let hourDone = 0;
  let checks = 0;
  const advanceTo = (atMs: number) => {
    fleetNow = atMs;
    while (nextEvent < events.length && startMs + events[nextEvent]!.atHour * HOUR_MS <= atMs && events[nextEvent]!.atHour <= hours) {
      const e = events[nextEvent++]!;
      applyReleaseEvent(model, repoFull, e);
      const r = releases.find((x) => x.tag === e.release);
      if (e.publish && r) r.publishedAtHour = e.atHour;
    }
    while (hourDone < stats.hours.length && startMs + (hourDone + 1) * HOUR_MS <= atMs) {
      stats.snapshot(hourDone, fleet.map((d) => d.version));
      options.onHour?.({ hour: hourDone + 1, hours: stats.hours.length, checks, requests: stats.hours.slice(0, hourDone + 1).reduce((s, r) => s + r.requests, 0) });
      hourDone++;
    }
  };

  let idleChecks = 0;
  let idleApi = 0;
  let answeredChecks = 0;
  let answeredApi = 0;
  for (let wake = queue.pop(); wake !== undefined && wake.atMs < endMs; wake = queue.pop()) {
    current = null;
    advanceTo(wake.atMs);
    const d = fleet[wake.device]!;
    const board = d.board;
    current = board;
    const lag = wake.atMs - board.clock.epochMs;
    // The app runs, feeding a running watchdog, until the updater's next turn (in one step: sim/watchdog.ts passFed).
    if (lag > 0) board.watchdog.passFed(lag);
    if (d.nextCause !== null) board.powerOn(d.nextCause);
    checks++;
    stats.check(wake.atMs);
    const before = d.version;
    const rejectedBefore = d.rejected;
    const apiBefore = stats.rowAt(wake.atMs).api;
    const refusedBefore = stats.rowAt(wake.atMs).rateLimited403;
    let outcome: UpdateOutcome | null = null;
    const boots: BootRecord[] = [];
    await bootLoop(board, BOOTS_PER_WAKE, async (record) => {
      const report = await boot(board.ports(), {
        onOutcome: (o) => {
          outcome = o;
          record.outcome = describeOutcome(o);
          stats.outcomes[o.kind]++;
          if (o.kind === 'updated') stats.count(stats.installs, labelOf(o.to.commit));
        },
        app: async () => {
          const model = simApp(board.flash);
          return model === 'hang' ? hang(board) : model;
        },
      });
      return report.end;
    }, boots, undefined, () => false);
    stats.boots += boots.length;
    const last = boots.at(-1);
    readVersion(d);
    if (d.rejected > rejectedBefore) stats.count(stats.rollbacks, labelOf((readJsonFile(board, 'version.json')?.rejected as unknown[]).at(-1)));
    if (d.version !== before) stats.changes.push({ atMs: board.clock.epochMs, device: d.index, from: before, to: d.version });
    const o = outcome as UpdateOutcome | null;
    const answered = stats.rowAt(wake.atMs).api - apiBefore - (stats.rowAt(wake.atMs).rateLimited403 - refusedBefore);
    if (answered > 0 && o?.kind !== 'failed') {
      answeredChecks++;
      answeredApi += answered;
    }
    if (o?.kind === 'up-to-date' && stats.rowAt(wake.atMs).api > apiBefore) {
      idleChecks++;
      idleApi += stats.rowAt(wake.atMs).api - apiBefore;
    }
    if (last?.end === 'app-hang') {
      d.stuck = true; // hung with no watchdog: only a person power-cycling it helps
      continue;
    }
    d.nextCause = last === undefined || last.end === 'idle' ? 'soft' : 'watchdog';
    queue.push({ atMs: nextWakeMs(board, o, config, wakeEveryMs), device: d.index, tie: wakeTie(seed, d.index, ++d.wakes) });
  }
  current = null;
  advanceTo(endMs);
  return {
    scenario,
    options: { devices: n, nat, hours, seed },
    stats,
    releases,
    initial,
    final: fleet.map((d) => d.version),
    stuck: fleet.filter((d) => d.stuck).length,
    apiRequestsPerCheck: idleChecks === 0 ? 0 : idleApi / idleChecks,
    apiRequestsPerAnsweredCheck: answeredChecks === 0 ? 0 : answeredApi / answeredChecks,
    wallMs: performance.now() - wallStart,
  };
}

/**
 * When the updater's next check is due, as its state says: the interval after the last check, the
 * backoff's next_check_at, a rate-limit reset, a deferral's `until`, the next hour inside the
 * update window. None of them ahead: the app runs the updater again after `wakeEveryMs`.
 */
function nextWakeMs(board: SimBoard, outcome: UpdateOutcome | null, config: typeof CONFIG_DEFAULTS & Record<string, unknown>, wakeEveryMs: number): number {
  const now = board.clock.epochMs;
  const state = readJsonFile(board, 'ota_state.json') ?? {};
  const interval = num(config.min_update_interval_sec) * 1000;
  let next = Math.max(num(state.next_check_at), num(state.rate_limited_until), outcome?.kind === 'deferred' ? num(outcome.until) : 0);
  if (interval > 0 && typeof state.last_check === 'number') next = Math.max(next, state.last_check + interval);
  const start = config.update_window_start_hour;
  const end = config.update_window_end_hour;
  if (typeof start === 'number' && typeof end === 'number' && outcome?.kind === 'deferred' && now >= CLOCK_SET_AFTER_MS && !inWindow(hourOf(now), start, end)) {
    let at = Math.floor(now / HOUR_MS) * HOUR_MS;
    while (!inWindow(hourOf(at), start, end)) at += HOUR_MS;
    next = Math.max(next, at);
  }
  return next > now ? next : now + wakeEveryMs;
}
