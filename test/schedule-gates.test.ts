// The "when" gates end to end on the virtual Pico W (core/update/schedule.ts, rollout.ts): what
// a scenario cannot express — a release edited between two checks, and the check after a veto.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/index.ts';
import { readErrors } from '../core/state/index.ts';
import { deferNextCheck } from '../core/update/app-veto.ts';
import { checkForUpdate } from '../core/update/check-for-update.ts';
import { crashDeferral } from '../core/update/crash-delay.ts';
import { SimBoard } from '../sim/board.ts';
import type { ServerSpec } from '../sim/github/spec.ts';

const server = (body: string): ServerSpec => ({
  repos: [{
    owner: 'o',
    name: 'r',
    commits: { v1: { files: { 'main.py': 'v1\n' } }, v2: { parent: 'v1', files: { 'main.py': 'v2\n' } } },
    tags: { 'v1.0': 'v1', 'v2.0': 'v2' },
    releases: [{ tag: 'v1.0' }, { tag: 'v2.0', body }],
  }],
});

/** A fresh board (bucket 30: the default unique id e6614103e7452d2f) whose flash is `files`. */
function board(body: string, files?: Map<string, Uint8Array>): SimBoard {
  const b = new SimBoard({ server: server(body) });
  b.flash.load(files ?? { 'ota_config.json': '{"owner": "o", "repo": "r"}' });
  return b;
}

async function check(b: SimBoard) {
  return await checkForUpdate(b.ports(), (await loadConfig(b.ports().flash)).config);
}

describe('canary rollout raised without reflashing', () => {
  it('5 % leaves the board (bucket 30) on its version; the same board takes the release once it says 100 %', async () => {
    const first = board('rollout: 5');
    expect((await check(first)).kind).toBe('deferred');
    expect((await readErrors(first.ports().flash)).map((e) => e.code)).toEqual(['ROLLOUT_WAIT']);
    expect(first.flash.stat('version.json')).toBeNull();
    // The release notes are edited to 100 %; the board keeps its flash.
    const later = board('rollout: 100', first.flash.snapshot());
    const outcome = await check(later);
    expect(outcome.kind).toBe('updated');
    expect(new TextDecoder().decode(later.flash.readFile('main.py'))).toBe('v2\n');
  });

  it('a second deferral for the same release adds no record (deduplicated, not an error loop)', async () => {
    const b = board('rollout: 25');
    await check(b);
    await check(b);
    expect((await readErrors(b.ports().flash)).map((e) => e.code)).toEqual(['ROLLOUT_WAIT']);
  });
});

describe('app veto', () => {
  it('defers exactly one check, with no request, and records the reason; the next check updates', async () => {
    const b = board('');
    await deferNextCheck(b.ports().flash, 'calibrating');
    const outcome = await check(b);
    expect(outcome).toEqual({ kind: 'deferred', reason: 'the app deferred this check (ota_defer.json: "calibrating"); the next check runs as usual' });
    expect(b.link.requests).toBe(0);
    expect(b.flash.stat('ota_defer.json')).toBeNull();
    expect((await readErrors(b.ports().flash)).map((e) => [e.code, e.phase])).toEqual([['APP_DEFERRED', 'check']]);
    expect((await check(b)).kind).toBe('updated');
    expect(b.link.requests).toBeGreaterThan(0);
  });
});

describe('crash delay (max_crashes_before_delay)', () => {
  const cfg = { max_crashes_before_delay: 2 };
  const state = (b: SimBoard) => (b.flash.stat('ota_state.json') === null ? null : new TextDecoder().decode(b.flash.readFile('ota_state.json')));

  it('pauses checks for N boots after N watchdog resets in a row, then counts afresh', async () => {
    const b = board('');
    const verdicts: (string | null)[] = [];
    for (const cause of ['power-on', 'watchdog', 'watchdog', 'watchdog', 'watchdog', 'watchdog', 'soft', 'watchdog'] as const) {
      b.powerOn(cause);
      verdicts.push((await crashDeferral(b.ports(), cfg))?.code ?? null);
    }
    expect(verdicts).toEqual([null, null, 'CRASH_DELAY', 'CRASH_DELAY', null, 'CRASH_DELAY', 'CRASH_DELAY', null]);
    expect(state(b)).toBe('{"format": 1, "rate_limited_until": null, "last_check": null, "crashes": 1}');
  });

  it('writes nothing when off, and a power-on in the streak starts it over', async () => {
    const b = board('');
    b.powerOn('watchdog');
    expect(await crashDeferral(b.ports(), { max_crashes_before_delay: null })).toBeNull();
    expect(state(b)).toBeNull();
    for (const cause of ['watchdog', 'power-on', 'watchdog'] as const) {
      b.powerOn(cause);
      expect(await crashDeferral(b.ports(), cfg)).toBeNull();
    }
  });
});
