// The anti-rollback counter in ota_state.json (docs/SPEC.md §12.5): written after the other keys,
// read back, a garbled one read as none, and it only rises when a check ends after a signed install.
import { describe, expect, it } from 'vitest';
import { readTree, testPorts, useTempRoots, writeTree } from '../commit/test-kit.ts';
import { testConfig } from '../github/test-kit.ts';
import { readOtaState, writeOtaState } from '../state/index.ts';
import type { Ports } from '../ports/index.ts';
import { noteCheck } from './conditional-lookup.ts';

const root = useTempRoots();

describe('ota_state.json counter', () => {
  it('is written last, read back, and a garbled one reads as none', async () => {
    const r = root();
    await writeOtaState(r.flash, { rate_limited_until: null, last_check: null, crashes: 2, counter: 7 });
    expect(readTree(r.dir)['ota_state.json']).toBe('{"format": 1, "rate_limited_until": null, "last_check": null, "crashes": 2, "counter": 7}');
    expect((await readOtaState(r.flash)).counter).toBe(7);
    for (const bad of ['-1', '1.5', '"7"', 'true', '9007199254740992']) {
      writeTree(r.dir, { 'ota_state.json': `{"format": 1, "counter": ${bad}}` });
      expect((await readOtaState(r.flash)).counter, bad).toBeUndefined();
    }
  });

  it('only rises: a signed install raises it, a lower one keeps the stored value, a check without one keeps it', async () => {
    const r = root();
    // noteCheck touches only the flash, the clock and the log.
    const ports = testPorts(r.flash) as unknown as Ports;
    const config = testConfig();
    await noteCheck(ports, config, undefined, 3);
    expect((await readOtaState(r.flash)).counter).toBe(3);
    await noteCheck(ports, config, undefined, 1);
    expect((await readOtaState(r.flash)).counter).toBe(3);
    await noteCheck(ports, config);
    expect((await readOtaState(r.flash)).counter).toBe(3);
    await noteCheck(ports, config, undefined, 9);
    expect(readTree(r.dir)['ota_state.json']).toBe('{"format": 1, "rate_limited_until": null, "last_check": null, "counter": 9}');
  });
});
