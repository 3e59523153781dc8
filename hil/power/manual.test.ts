import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BoardSpec } from '../rig/types.ts';
import { powerDriverFor } from './driver-for.ts';
import { isCI } from './manual.ts';
import { PowerError } from './types.ts';

const board: BoardSpec = { id: 'pico3', serial: 'ABC123', power: { driver: 'manual' } };

function terminal(tty: boolean) {
  const input = Object.assign(new PassThrough(), { isTTY: tty });
  const output = new PassThrough();
  let written = '';
  output.on('data', (b: Buffer) => (written += b.toString()));
  return { terminal: { input, output }, input, written: () => written };
}

async function rejection(p: Promise<unknown>): Promise<PowerError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PowerError);
  return err as PowerError;
}

describe('manual power driver', () => {
  it('is refused when CI is set, without prompting anyone', async () => {
    const t = terminal(true);
    const err = await rejection(powerDriverFor(board, { env: { CI: 'true' }, terminal: t.terminal }).off());
    expect(err.message).toContain('manual power needs a person, and CI is set (CI=true)');
    expect(err.next).toMatch(/uhubctl or command power driver/);
    expect(t.written()).toBe('');
  });

  it('is refused without a terminal', async () => {
    const err = await rejection(powerDriverFor(board, { env: {}, terminal: terminal(false).terminal }).on());
    expect(err.message).toMatch(/stdin is not one/);
  });

  it('asks, waits for Enter, and verifies the board vanished', async () => {
    const t = terminal(true);
    let pressed = false;
    const cut = powerDriverFor(board, { env: {}, terminal: t.terminal, vanished: async () => pressed }).off();
    await new Promise((r) => setTimeout(r, 30));
    expect(t.written()).toBe('Cut the power of board pico3 (serial ABC123), then press Enter: ');
    pressed = true;
    t.input.write('\n');
    expect(await cut).toMatchObject({ method: 'manual', action: 'off', verified: true });
  });

  it('gives up when nobody answers in time', async () => {
    const err = await rejection(powerDriverFor(board, { env: {}, terminal: terminal(true).terminal, timeoutMs: 50 }).on());
    expect(err.message).toMatch(/nobody confirmed "on" within 0 s/);
  });

  it('reads CI the way CI systems set it', () => {
    expect([isCI({ CI: 'true' }), isCI({ CI: '1' }), isCI({}), isCI({ CI: '' }), isCI({ CI: 'false' }), isCI({ CI: '0' })]).toEqual([true, true, false, false, false, false]);
  });
});
