// A halted board is frozen everywhere: after a power cut or a watchdog bite the link and the fake
// GitHub answer nothing, and no scheduled fault is used up by the dead board.
import { describe, expect, it } from 'vitest';
import { SimBoard } from '../board.ts';
import { API, sampleSpec } from '../github/test-fixture.ts';
import { PowerLoss } from '../power.ts';
import type { LinkFault, LinkSpec } from './spec.ts';

const RAW = 'https://raw.githubusercontent.com/acme/fw/main/main.py';

function board(faults: LinkFault[], link: LinkSpec = {}) {
  return new SimBoard({ server: sampleSpec(), linkFaults: faults, link });
}

describe('a halted board on the link', () => {
  it('after a power cut: no request is served and the fault waiting for it stays unused', async () => {
    const b = board([{ kind: 'status', status: 503 }]);
    b.power.halt('power-cut');
    await expect(b.link.fetch(API)).rejects.toBeInstanceOf(PowerLoss);
    expect(b.github.log).toEqual([]);
    expect(b.link.requests).toBe(0);
    expect(b.link.unfired()).toEqual([{ kind: 'status', status: 503 }]);
    // The next boot's first request meets the fault.
    b.powerOn('power-on');
    expect((await b.link.fetch(API)).status).toBe(503);
    expect(b.link.unfired()).toEqual([]);
  });

  it('bitten during the latency: the request never left, its fault waits for the next boot', async () => {
    const b = board([{ kind: 'dns' }], { latencyMs: 300 });
    b.watchdog.start(200);
    await expect(b.link.fetch(API)).rejects.toMatchObject({ reason: 'watchdog' });
    expect(b.github.log).toEqual([]);
    expect(b.link.unfired()).toEqual([{ kind: 'dns' }]);
  });

  it('halted during a stall: the stall is used up, the reset scheduled for the same request is not', async () => {
    const b = board([{ kind: 'stall', delayMs: 5000 }, { kind: 'reset' }]);
    b.watchdog.start(1000);
    await expect(b.link.fetch(API)).rejects.toMatchObject({ reason: 'watchdog' });
    expect(b.link.unfired()).toEqual([{ kind: 'reset' }]);
    expect(b.github.log).toEqual([]);
  });

  it('no response byte reaches a board that halted mid-body, and a drop is not used up by it', async () => {
    const b = board([{ kind: 'drop', afterBytes: 10, nth: 2 }]);
    const res = await b.link.fetch(RAW);
    b.power.halt('power-cut');
    await expect(res.arrayBuffer()).rejects.toBeInstanceOf(PowerLoss);
    b.powerOn('power-on');
    expect(b.link.unfired()).toEqual([{ kind: 'drop', afterBytes: 10, nth: 2 }]);
  });
});
