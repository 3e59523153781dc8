/**
 * What the wasm interpreter prints, turned into what a Pico W sends on its USB console:
 * - `\n` is cooked to `\r\n` (the board's stdout does this; the wasm build prints bare `\n`),
 * - the banner names the board (`; JS with Emscripten` → `; Raspberry Pi Pico W with RP2040`),
 * - `micropython.mem_info()` loses the wasm-only `, max new split: N` (the rp2 heap does not split).
 * Streaming: bytes that may start a pattern are held back until they can be decided.
 */
const BANNER_FROM = '; JS with Emscripten';
const BANNER_TO = '; Raspberry Pi Pico W with RP2040';
const SPLIT = ', max new split: ';

export class ConsoleText {
  #held = '';
  #lastCr = false;
  #skipDigits = false;

  /** Bytes in, bytes out (latin1: one char per byte). */
  push(bytes: Uint8Array): Uint8Array {
    let out = '';
    for (const b of bytes) out += this.#char(String.fromCharCode(b));
    return Buffer.from(out, 'latin1');
  }

  /** Everything held back (call when the interpreter goes idle). */
  flush(): Uint8Array {
    const s = this.#held;
    this.#held = '';
    return Buffer.from(this.#cook(s), 'latin1');
  }

  #char(c: string): string {
    if (this.#skipDigits) {
      if (c >= '0' && c <= '9') return '';
      this.#skipDigits = false;
    }
    const s = this.#held + c;
    if (s === BANNER_FROM) {
      this.#held = '';
      return this.#cook(BANNER_TO);
    }
    if (s === SPLIT) {
      this.#held = '';
      this.#skipDigits = true;
      return '';
    }
    if (BANNER_FROM.startsWith(s) || SPLIT.startsWith(s)) {
      this.#held = s;
      return '';
    }
    // Not a pattern: release the first char and retry the rest (a pattern may start inside it).
    this.#held = '';
    if (s.length === 1) return this.#cook(s);
    let out = this.#cook(s[0]!);
    for (const r of s.slice(1)) out += this.#char(r);
    return out;
  }

  #cook(s: string): string {
    let out = '';
    for (const c of s) {
      if (c === '\n' && !this.#lastCr) out += '\r';
      out += c;
      this.#lastCr = c === '\r';
    }
    return out;
  }
}
