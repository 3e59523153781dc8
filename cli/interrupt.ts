/**
 * Ctrl-C: give the terminal back as it was (cursor shown, line wrap on — progress bars hide and
 * redraw them), say what finished, and exit 130 (128 + SIGINT) as shells expect.
 */
let status: (() => string) | null = null;

/** What to print if the user interrupts now, e.g. "interrupted after 12 of 37 scenarios: 12 passed". */
export function onInterrupt(describe: (() => string) | null): void {
  status = describe;
}

const RESTORE = '\x1b[?25h\x1b[?7h';

/** Installs the handler for one `main()`; returns its removal. */
export function handleInterrupts(exit: (code: number) => void = (c) => process.exit(c)): () => void {
  const handler = () => {
    if (process.stderr.isTTY) process.stderr.write(`${RESTORE}\r\x1b[K`);
    process.stderr.write(`\n${status?.() ?? 'interrupted'}\n`);
    exit(130);
  };
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGINT', handler);
    status = null;
  };
}
