/**
 * Raw-paste mode of the raw REPL (`\x05A\x01`), handled in JavaScript: the wasm interpreter's
 * own handler reads stdin synchronously and hangs. Byte-exact with a board (pyexec.c):
 * answer `R\x01`, the window (128, little-endian) and `\x01` (a window granted), then `\x01` each
 * time a window's worth of bytes was consumed; `\x04` (or Ctrl-C) from the host ends the code,
 * answered by `\x04`; then the code runs and prints stdout `\x04` stderr `\x04` `>`.
 */
export const RAW_PASTE_WINDOW = 128;

export interface RawPasteIo {
  /** Protocol bytes to the host. */
  send(s: string): void;
  /** Runs the pasted code as a raw REPL command (output: stdout \x04 stderr \x04 >). */
  run(code: Uint8Array): void;
  /** A byte that turned out not to start a raw paste, for the raw REPL. */
  feed(c: number): void;
}

export class RawPaste {
  #state: 'off' | 'e' | 'ea' | 'paste' = 'off';
  #code: number[] = [];
  #sinceAck = 0;
  readonly #io: RawPasteIo;

  constructor(io: RawPasteIo) {
    this.#io = io;
  }

  get active(): boolean {
    return this.#state !== 'off';
  }

  /** True when `c` was taken; `lineEmpty`: the raw REPL holds no command bytes yet. */
  take(c: number, lineEmpty: boolean): boolean {
    switch (this.#state) {
      case 'off':
        if (c === 0x05 && lineEmpty) {
          this.#state = 'e';
          return true;
        }
        return false;
      case 'e':
        if (c === 0x41) {
          this.#state = 'ea';
          return true;
        }
        this.#state = 'off';
        this.#io.feed(0x05);
        return false;
      case 'ea':
        this.#state = 'off';
        if (c === 0x01) {
          this.#state = 'paste';
          this.#code = [];
          this.#sinceAck = 0;
          this.#io.send(`R\x01${String.fromCharCode(RAW_PASTE_WINDOW & 0xff, RAW_PASTE_WINDOW >> 8)}\x01`);
          return true;
        }
        this.#io.feed(0x05);
        this.#io.feed(0x41);
        return false;
      case 'paste':
        if (c === 0x04 || c === 0x03) {
          this.#state = 'off';
          this.#io.send('\x04');
          const code = Uint8Array.from(this.#code);
          this.#code = [];
          this.#io.run(code);
          return true;
        }
        this.#code.push(c);
        if (++this.#sinceAck === RAW_PASTE_WINDOW) {
          this.#sinceAck = 0;
          this.#io.send('\x01');
        }
        return true;
    }
  }
}
