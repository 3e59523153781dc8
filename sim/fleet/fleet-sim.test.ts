// The fleet's simulator pieces: the wake queue's order, per-address rate limits on the one fake
// GitHub, rollout edits, board ids, and a watchdog fed through idle hours in one step.
import { describe, expect, it } from 'vitest';
import { SimClock } from '../clock.ts';
import { GitHubModel } from '../github/model.ts';
import type { ServerSpec } from '../github/spec.ts';
import { Power } from '../power.ts';
import { SimWatchdog } from '../watchdog.ts';
import { boardId, firstWakeMs, natAddress } from './fleet-ids.ts';
import { applyReleaseEvent, findRelease, withRollout } from './release-timeline.ts';
import { WakeQueue } from './wake-queue.ts';

const server: ServerSpec = {
  repos: [{ owner: 'o', name: 'r', commits: { v1: { files: { 'main.py': '1' } }, v2: { parent: 'v1', files: { 'main.py': '2' } } }, tags: { 'v1.0': 'v1', 'v2.0': 'v2' }, releases: [{ tag: 'v1.0' }, { tag: 'v2.0', draft: true }] }],
  rateLimit: { anonymous: 2 },
};
const latest = (from?: string) => ({ method: 'GET', url: 'https://api.github.com/repos/o/r/releases/latest', headers: {}, ...(from ? { from } : {}) });

describe('fleet simulator pieces', () => {
  it('wakes in time order, equal times in device order, whatever the push order', () => {
    const q = new WakeQueue();
    for (const [atMs, device] of [[5, 2], [1, 9], [5, 0], [3, 4], [1, 1], [9, 3]] as const) q.push({ atMs, device });
    const out: string[] = [];
    for (let w = q.pop(); w; w = q.pop()) out.push(`${w.atMs}:${w.device}`);
    expect(out).toEqual(['1:1', '1:9', '3:4', '5:0', '5:2', '9:3']);
    // A tie number orders equal times before the device does.
    q.push({ atMs: 7, device: 0, tie: 9 });
    q.push({ atMs: 7, device: 5, tie: 2 });
    q.push({ atMs: 7, device: 3, tie: 2 });
    expect([q.pop(), q.pop(), q.pop()].map((w) => w!.device)).toEqual([3, 5, 0]);
  });

  it('charges anonymous requests per public address: one address runs out, another still has its budget', () => {
    const model = new GitHubModel(server, { now: () => 1_735_689_600_000 });
    expect([1, 2, 3].map(() => model.handle(latest('198.51.100.1')).status)).toEqual([200, 200, 403]);
    const refused = model.handle(latest('198.51.100.1'));
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(new TextDecoder().decode(refused.body)).toContain('API rate limit exceeded for 198.51.100.1');
    expect(model.handle(latest('198.51.100.2')).status).toBe(200);
    // Without an address every board shares one budget, as before.
    expect([1, 2, 3].map(() => model.handle(latest()).status)).toEqual([200, 200, 403]);
  });

  it('charges an anonymous 304 but not a token\'s (GitHub exempts conditional requests with valid credentials)', () => {
    const model = new GitHubModel({ ...server, tokens: ['t0k'], rateLimit: { anonymous: 3, token: 3 } }, { now: () => 1_735_689_600_000 });
    const first = model.handle(latest('198.51.100.1'));
    const again = () => model.handle({ ...latest('198.51.100.1'), headers: { 'if-none-match': first.headers.etag! } });
    expect([again().status, again().status, again().status]).toEqual([304, 304, 403]);
    const auth = { authorization: 'token t0k' };
    const tFirst = model.handle({ ...latest(), headers: auth });
    expect(tFirst.headers['x-ratelimit-remaining']).toBe('2');
    const conditional = () => model.handle({ ...latest(), headers: { ...auth, 'if-none-match': tFirst.headers.etag! } });
    const answers = Array.from({ length: 5 }, conditional);
    expect(answers.map((r) => r.status)).toEqual([304, 304, 304, 304, 304]);
    expect(answers.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['2', '2', '2', '2', '2']);
  });

  it('publishes a draft and rewrites its rollout line: "latest" and its ETag change', () => {
    const model = new GitHubModel({ ...server, rateLimit: { anonymous: 100 } }, { now: () => 1_735_689_600_000 });
    const before = model.handle(latest());
    applyReleaseEvent(model, 'o/r', { atHour: 0, release: 'v2.0', publish: true, rollout: 5 });
    const after = model.handle(latest());
    expect(JSON.parse(new TextDecoder().decode(after.body))).toMatchObject({ tag_name: 'v2.0', body: 'rollout: 5' });
    applyReleaseEvent(model, 'o/r', { atHour: 1, release: 'v2.0', rollout: 25 });
    expect(findRelease(model, 'o/r', 'v2.0')?.body).toBe('rollout: 25');
    const raised = model.handle({ ...latest(), headers: { 'if-none-match': after.headers.etag! } });
    expect(raised.status).toBe(200);
    expect(new Set([before.headers.etag, after.headers.etag, raised.headers.etag]).size).toBe(3);
    expect(() => applyReleaseEvent(model, 'o/r', { atHour: 2, release: 'v9' })).toThrow(/o\/r has no release v9/);
  });

  it('keeps release notes around the rollout line it rewrites', () => {
    expect(withRollout('Fixes\nRollout: 5 %\nthanks', 100)).toBe('Fixes\nrollout: 100\nthanks');
    expect(withRollout('Fixes', 10)).toBe('rollout: 10\nFixes');
    expect(withRollout('', 10)).toBe('rollout: 10');
  });

  it('derives board ids, addresses and first wakes from the seed and index alone', () => {
    expect(boardId(1, 0)).toMatch(/^[0-9a-f]{16}$/);
    expect(boardId(1, 0)).toBe(boardId(1, 0));
    expect(new Set(Array.from({ length: 1000 }, (_, i) => boardId(1, i))).size).toBe(1000);
    expect(boardId(2, 0)).not.toBe(boardId(1, 0));
    expect([0, 1, 2, 3].map((i) => natAddress(i, 2))).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.1', '198.51.100.2']);
    expect(new Set(Array.from({ length: 600 }, (_, i) => natAddress(i, 600))).size).toBe(600);
    const wakes = Array.from({ length: 1000 }, (_, i) => firstWakeMs(1, i, 3_600_000));
    expect(Math.min(...wakes)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...wakes)).toBeLessThan(3_600_000);
    // Spread over the hour: every quarter gets a fair share.
    for (let q = 0; q < 4; q++) expect(wakes.filter((w) => Math.floor(w / 900_000) === q).length).toBeGreaterThan(200);
  });

  it('passFed: hours pass without a bite, the gap stays the app\'s, and the watchdog still bites later when unfed', () => {
    const power = new Power();
    const clock = new SimClock({ power });
    const wdt = new SimWatchdog(clock, power);
    wdt.start(8000);
    wdt.passFed(10 * 3_600_000);
    expect(power.halted).toBeNull();
    expect(wdt.bites).toBe(0);
    expect(wdt.maxFeedGapMs).toBeLessThanOrEqual(1000);
    expect(() => clock.advance(9000)).toThrow(/Power lost: watchdog/);
    expect(wdt.bites).toBe(1);
  });
});
