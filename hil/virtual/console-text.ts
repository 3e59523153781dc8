/**
 * What the wasm interpreter prints, turned into what a Pico W sends on its USB console:
 * - `\n` is cooked to `\r\n` (the board's stdout does this; the wasm build prints bare `\n`),
 * - the banner names the board (`; JS with Emscripten` → `; Raspberry Pi Pico W with RP2040`),
 * - `micropython.mem_info()` loses the wasm-only `, max new split: N` (the rp2 heap does not split),
 * - traceback lines of the virtual board's own shims (`  File "/vb/...`) are dropped: on a board
 *   those modules are C and leave no frame.
 * Streaming: bytes that may start a pattern are held back until they can be decided.
 */
const BANNER_FROM = '; JS with Emscripten';
const BANNER_TO = '; Raspberry Pi Pico W with RP2040';
const SPLIT = ', max new split: ';
/** Only at the start of a line. */
const SHIM_FRAME = '  File "/vb/';

export class ConsoleText {
  #held = '';
  #heldAtLineStart = false;
  #lineStart = true;
  #lastCr = false;
  #skip: 'digits' | 'line' | null = null;

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
    return Buffer.from(this.#release(s), 'latin1');
  }

  #char(c: string): string {
    if (this.#skip === 'digits') {
      if (c >= '0' && c <= '9') return '';
      this.#skip = null;
    } else if (this.#skip === 'line') {
      if (c === '\n') {
        this.#skip = null;
        this.#lineStart = true;
      }
      return '';
    }
    if (this.#held === '') this.#heldAtLineStart = this.#lineStart;
    const s = this.#held + c;
    const frameOk = this.#heldAtLineStart;
    if (s === BANNER_FROM) {
      this.#held = '';
      return this.#release(BANNER_TO);
    }
    if (s === SPLIT) {
      this.#held = '';
      this.#skip = 'digits';
      return '';
    }
    if (frameOk && s === SHIM_FRAME) {
      this.#held = '';
      this.#skip = 'line';
      return '';
    }
    if (BANNER_FROM.startsWith(s) || SPLIT.startsWith(s) || (frameOk && SHIM_FRAME.startsWith(s))) {
      this.#held = s;
      return '';
    }
    // Not a pattern: release the first char and retry the rest (a pattern may start inside it).
    this.#held = '';
    let out = this.#release(s[0]!);
    for (const r of s.slice(1)) out += this.#char(r);
    return out;
  }

  #release(s: string): string {
    let out = '';
    for (const c of s) {
      if (c === '\n' && !this.#lastCr) out += '\r';
      out += c;
      this.#lastCr = c === '\r';
      this.#lineStart = c === '\n';
    }
    return out;
  }
}
