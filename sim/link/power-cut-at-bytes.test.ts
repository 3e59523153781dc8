// power-cut-at-bytes over the direct fetch adapter: the board halts once exactly afterBytes body
// bytes reached it, only bodies longer than afterBytes count, and a use is spent only when the
// cut lands (an abandoned body or a board that died first leaves it for the next match).
import { describe, expect, it } from 'vitest';
import { fileBytes } from '../github/files.ts';
import { makeModel } from '../github/test-fixture.ts';
import { Power, PowerLoss } from '../power.ts';
import { Link } from './link.ts';
import type { LinkFault } from './spec.ts';

const RAW = 'https://raw.githubusercontent.com/acme/fw/main';
const BIG = fileBytes({ random: 10000, seed: 7 });

function setup(faults: LinkFault[]) {
  const { model } = makeModel();
  const power = new Power();
  const link = new Link(model, { faults, advance: () => {}, alive: () => power.check(), cutPower: () => power.halt('power-cut') });
  return { link, power };
}

/** Reads a body until it ends or errors: the bytes the board got, and the error. */
async function drain(res: Response): Promise<{ got: number; error?: unknown }> {
  const reader = res.body!.getReader();
  let got = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { got };
      got += value.length;
    }
  } catch (error) {
    return { got, error };
  }
}

describe('power-cut-at-bytes (direct fetch adapter)', () => {
  it.each([0, 1, 4096, 6000, 9999])('halts the board after exactly %i body bytes of the matching file', async (afterBytes) => {
    const fault: LinkFault = { kind: 'power-cut-at-bytes', afterBytes, urlIncludes: 'big.bin' };
    const { link, power } = setup([fault]);
    const r = await drain(await link.fetch(`${RAW}/big.bin`));
    expect(BIG.length).toBe(10000);
    expect(r.got).toBe(afterBytes);
    expect(r.error).toBeInstanceOf(PowerLoss);
    expect(power.halted).toBe('power-cut');
    expect(link.unfired()).toEqual([]);
    expect(link.fired.map((f) => f.url)).toEqual([`${RAW}/big.bin`]);
  });

  it('skips bodies not longer than afterBytes (and URLs that do not match)', async () => {
    const { link, power } = setup([{ kind: 'power-cut-at-bytes', afterBytes: 9 }]);
    // main.py is 9 bytes in the fixture: whole, no cut; big.bin is cut.
    const small = await drain(await link.fetch(`${RAW}/main.py`));
    expect(small.error).toBeUndefined();
    expect(power.halted).toBeNull();
    expect((await drain(await link.fetch(`${RAW}/big.bin`))).got).toBe(9);
    expect(power.halted).toBe('power-cut');
  });

  it('an abandoned body spends nothing: the next matching body is cut', async () => {
    const fault: LinkFault = { kind: 'power-cut-at-bytes', afterBytes: 5000, urlIncludes: 'big.bin' };
    const { link, power } = setup([fault]);
    const first = await link.fetch(`${RAW}/big.bin`);
    const reader = first.body!.getReader();
    expect((await reader.read()).value!.length).toBe(4096); // then the board gives up on it
    await reader.cancel();
    expect(power.halted).toBeNull();
    expect(link.unfired()).toEqual([fault]);
    expect((await drain(await link.fetch(`${RAW}/big.bin`))).got).toBe(5000);
    expect(power.halted).toBe('power-cut');
    expect(link.fired.map((f) => f.nth)).toEqual([2]);
  });

  it('a board that died first spends nothing (refunded), and times counts cuts that landed', async () => {
    const fault: LinkFault = { kind: 'power-cut-at-bytes', afterBytes: 5000, times: 2 };
    const { link, power } = setup([fault]);
    const res = await link.fetch(`${RAW}/big.bin`);
    power.halt('watchdog'); // bitten before the cut's byte
    expect((await drain(res)).error).toBeInstanceOf(PowerLoss);
    expect(link.fired).toEqual([]);
    power.powerOn();
    await drain(await link.fetch(`${RAW}/big.bin`));
    expect(power.halted).toBe('power-cut');
    power.powerOn();
    await drain(await link.fetch(`${RAW}/big.bin`));
    power.powerOn();
    // Two uses landed: the fourth body goes through whole.
    const last = await drain(await link.fetch(`${RAW}/big.bin`));
    expect(last).toEqual({ got: 10000 });
    expect(link.fired.map((f) => f.nth)).toEqual([2, 3]);
  });

  it('a HEAD answer carries no body, so nothing is cut or spent', async () => {
    const fault: LinkFault = { kind: 'power-cut-at-bytes', afterBytes: 0 };
    const { link, power } = setup([fault]);
    await link.fetch(`${RAW}/big.bin`, { method: 'HEAD' });
    expect(power.halted).toBeNull();
    expect(link.unfired()).toEqual([fault]);
  });
});
