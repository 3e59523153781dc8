// power-cut-at-bytes on real sockets: the LAN writes exactly afterBytes body bytes of the matching
// response, asks the rig to cut (onPowerCut, with the URL in GitHub form), sends nothing more and
// closes the socket once the cut is made. A client that goes away first spends nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { fileBytes } from '../../sim/github/files.ts';
import { sampleSpec } from '../../sim/github/test-fixture.ts';
import type { LinkSpec } from '../../sim/link/spec.ts';
import type { Fault, Scenario } from '../../scenarios/types.ts';
import { startLan, type Lan, type LanPowerCut } from './index.ts';
import { rawGet } from './test-client.ts';

const BIG = Buffer.from(fileBytes({ random: 10000, seed: 7 }));
const RAW_BIG = 'https://raw.githubusercontent.com/acme/fw/v2/big.bin';
const RAW_MAIN = 'https://raw.githubusercontent.com/acme/fw/v2/main.py';

const scenario: Scenario = { name: 'lan-power-cut', description: '', device: { config: {} }, server: sampleSpec(), expect: {} };

let open: Lan[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

/** A LAN whose power hook records each cut and holds the power off `holdMs` (the rig's cycle). */
async function lan(faults: Fault[], link: LinkSpec = {}, holdMs = 50): Promise<{ l: Lan; cuts: LanPowerCut[] }> {
  const cuts: LanPowerCut[] = [];
  const l = await startLan({ scenario, faults, link, onPowerCut: async (c) => { cuts.push(c); await new Promise((r) => setTimeout(r, holdMs)); } });
  open.push(l);
  return { l, cuts };
}

describe('LAN power-cut-at-bytes', () => {
  it.each([0, 1000, 4096, 9999])('writes exactly %i body bytes, then asks for the cut and sends nothing more', async (afterBytes) => {
    const { l, cuts } = await lan([{ kind: 'power-cut-at-bytes', afterBytes, urlIncludes: 'big.bin' }]);
    const got = await rawGet(l.toLan(RAW_BIG));
    expect(got.status).toBe(200);
    expect(got.headers['content-length']).toBe('10000');
    expect(got.body.length).toBe(afterBytes);
    expect(got.body.equals(BIG.subarray(0, afterBytes))).toBe(true);
    expect(cuts).toEqual([{ afterBytes, url: RAW_BIG }]);
    expect(l.requests[0]).toMatchObject({ url: RAW_BIG, sentBytes: afterBytes, powerCut: true });
    expect(l.events.filter((e) => e.kind === 'power-cut').map((e) => e.detail)).toEqual([`power cut after ${afterBytes} of 10000 body bytes of ${RAW_BIG}`]);
    expect(l.unfired()).toEqual([]);
  });

  it('skips bodies not longer than afterBytes and URLs that do not match; times: 2 cuts two bodies', async () => {
    const { l, cuts } = await lan([{ kind: 'power-cut-at-bytes', afterBytes: 500, times: 2 }]);
    const small = await rawGet(l.toLan(RAW_MAIN));
    expect(small.end).toBe('fin');
    expect(cuts).toEqual([]);
    expect((await rawGet(l.toLan(RAW_BIG))).body.length).toBe(500);
    expect((await rawGet(l.toLan(RAW_BIG))).body.length).toBe(500);
    expect((await rawGet(l.toLan(RAW_BIG))).body.length).toBe(10000);
    expect(cuts.map((c) => c.url)).toEqual([RAW_BIG, RAW_BIG]);
  });

  it('a client that closes before the byte count spends nothing: the next matching body is cut', async () => {
    const fault: Fault = { kind: 'power-cut-at-bytes', afterBytes: 8000, urlIncludes: 'big.bin' };
    // 10 kB/s: the whole body takes a second; the client gives up after ~0.2 s.
    const { l, cuts } = await lan([fault], { bandwidthBytesPerS: 10_000 });
    const early = await rawGet(l.toLan(RAW_BIG), { giveUpMs: 200 });
    expect(early.body.length).toBeLessThan(8000);
    await new Promise((r) => setTimeout(r, 100));
    expect(cuts).toEqual([]);
    expect(l.unfired()).toEqual([fault]);
    const cut = await rawGet(l.toLan(RAW_BIG), { giveUpMs: 5000 });
    expect(cut.body.length).toBe(8000);
    expect(cuts).toHaveLength(1);
    expect(l.unfired()).toEqual([]);
  });

  it('refuses to start with a byte cut and no power hook (the LAN has no power switch)', async () => {
    await expect(startLan({ scenario, faults: [{ kind: 'power-cut-at-bytes', afterBytes: 1 }] })).rejects.toThrow(/power-cut-at-bytes fault needs onPowerCut/);
  });
});
