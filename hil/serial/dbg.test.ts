import { it } from 'vitest';
import { SerialPort } from 'serialport';
import { startPtyPair } from './test-pty.ts';
it('dbg', async () => {
  const p = await startPtyPair();
  const port = new SerialPort({ path: p.a, baudRate: 115200 });
  await new Promise((r) => port.on('open', r));
  for (const ev of ['close', 'error', 'data']) port.on(ev, (x: any) => console.log('event', ev, x?.message));
  await new Promise((r) => setTimeout(r, 100));
  p.proc.kill();
  console.log('killed');
  await new Promise((r) => setTimeout(r, 1500));
  console.log('isOpen', port.isOpen);
});
