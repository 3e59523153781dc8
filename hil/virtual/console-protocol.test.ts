// The byte-level pieces of the virtual board's console, without a board: output cooking and the
// raw-paste state machine (flow control as pyexec.c does it).
import { describe, expect, it } from 'vitest';
import { ConsoleText } from './console-text.ts';
import { RAW_PASTE_WINDOW, RawPaste } from './raw-paste.ts';

const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** Pushes `text` split at every position pair, so held-back patterns are crossed by chunk edges. */
function cookedInChunks(text: string, size: number): string {
  const c = new ConsoleText();
  const bytes = Buffer.from(text, 'latin1');
  let out = '';
  for (let i = 0; i < bytes.length; i += size) out += latin1(c.push(bytes.subarray(i, i + size)));
  return out + latin1(c.flush());
}

describe('ConsoleText', () => {
  const wasm =
    '\r\nMicroPython v1.27.0 on 2025-12-10; JS with Emscripten\r\nType "help()" for more information.\r\n>>> ' +
    'GC: total: 192064, used: 640, free: 191424, max new split: 134217728\r\n' +
    'Traceback (most recent call last):\r\n  File "/vb/_vboard_boot.py", line 40, in _vb_run\r\n  File "main.py", line 4, in <module>\r\n  File "/vb/_vb_time.py", line 36, in sleep_ms\r\nKeyboardInterrupt: \r\n' +
    'x = "  File \\"/vb/ is text here"\n42\n; JS with\n';
  const board =
    '\r\nMicroPython v1.27.0 on 2025-12-10; Raspberry Pi Pico W with RP2040\r\nType "help()" for more information.\r\n>>> ' +
    'GC: total: 192064, used: 640, free: 191424\r\n' +
    'Traceback (most recent call last):\r\n  File "main.py", line 4, in <module>\r\nKeyboardInterrupt: \r\n' +
    'x = "  File \\"/vb/ is text here"\r\n42\r\n; JS with\r\n';

  for (const size of [1, 2, 3, 7, 64, 4096]) {
    it(`names the board, drops wasm-only text and shim frames, cooks \\n (chunks of ${size})`, () => {
      expect(cookedInChunks(wasm, size)).toBe(board);
    });
  }
});

describe('RawPaste', () => {
  function session() {
    const sent: string[] = [];
    const fed: number[] = [];
    const ran: string[] = [];
    const paste = new RawPaste({ send: (s) => sent.push(s), feed: (c) => fed.push(c), run: (code) => ran.push(latin1(code)) });
    const type = (s: string, lineEmpty = true) => [...Buffer.from(s, 'latin1')].map((c) => paste.take(c, lineEmpty));
    return { sent, fed, ran, type, paste };
  }

  it('answers R\\x01, the window and a grant; grants a window per window consumed; runs on \\x04', () => {
    const s = session();
    expect(s.type('\x05A\x01')).toEqual([true, true, true]);
    expect(s.sent).toEqual([`R\x01${String.fromCharCode(RAW_PASTE_WINDOW, 0)}\x01`]);
    const code = 'x'.repeat(RAW_PASTE_WINDOW * 2 + 5);
    s.type(code);
    expect(s.sent.slice(1)).toEqual(['\x01', '\x01']);
    s.type('\x04');
    expect(s.sent.at(-1)).toBe('\x04');
    expect(s.ran).toEqual([code]);
    expect(s.paste.active).toBe(false);
  });

  it('only on an empty raw line; a broken header goes to the raw REPL', () => {
    const s = session();
    expect(s.type('\x05', false)).toEqual([false]);
    expect(s.type('\x05B')).toEqual([true, false]);
    expect(s.fed).toEqual([0x05]);
    expect(s.sent).toEqual([]);
  });
});
