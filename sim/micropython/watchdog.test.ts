// machine.WDT on the SimWatchdog: fed it keeps the board alive; starved it bites mid-sleep and
// the board halts (the interpreter stops there); the next boot reads WDT_RESET.
import { describe, expect, it } from 'vitest';
import { PowerLoss } from '../power.ts';
import { bootOnce, runBootPy, testBoard } from './test-kit.ts';

describe('watchdog', () => {
  it('fed in time it never bites; starved past its period it halts the board mid-sleep', async () => {
    const r = await runBootPy(`
import machine, time
w = machine.WDT(timeout=1000)
for i in range(5):
    time.sleep_ms(800)
    w.feed()
print('fed for 4 s')
time.sleep_ms(3000)
print('never')
`);
    expect(r.lines).toEqual(['fed for 4 s']);
    expect(r.stopped).toBeInstanceOf(PowerLoss);
    expect((r.stopped as PowerLoss).reason).toBe('watchdog');
    expect(r.board.watchdog.bites).toBe(1);
    // It bit at the deadline, 1000 ms after the last feed; the sleep still ran to its end.
    expect(r.board.clock.elapsedUs / 1000).toBe(4000 + 3000);
  });

  it('rejects a period above the RP2040 maximum with ValueError, as the firmware does', async () => {
    const r = await runBootPy(`
import machine
try:
    machine.WDT(timeout=9000)
except ValueError as e:
    print('ValueError')
`);
    expect(r.lines).toEqual(['ValueError']);
    expect(r.board.watchdog.timeoutMs).toBeNull();
  });

  it('reset_cause() after a bite reads WDT_RESET, after a power cut PWRON_RESET', async () => {
    const board = testBoard({ 'boot.py': 'import machine\nprint(machine.reset_cause(), machine.WDT_RESET, machine.PWRON_RESET)\n' });
    board.powerOn('watchdog');
    const afterBite = await bootOnce(board);
    board.powerOn('power-on');
    const afterCut = await bootOnce(board);
    expect([afterBite.lines[0], afterCut.lines[0]]).toEqual(['3 3 1', '1 3 1']);
  });
});
