/**
 * Test support: replays a recorded conversation. `host` steps are what the client must write
 * (matched byte-exact, however the writes are chunked); `board` steps are sent back as soon as
 * every host step before them has been seen.
 */
import { openMockPort, type MockPort } from './test-mock-port.ts';

export type Step = { host: string } | { board: string };

export interface Transcript {
  port: MockPort;
  /** First host byte that differed from the transcript, with context; null while all matched. */
  mismatch(): string | null;
  /** Steps not reached yet. */
  remaining(): number;
}

export async function playTranscript(steps: readonly Step[]): Promise<Transcript> {
  let at = 0;
  let heard = '';
  let mismatch: string | null = null;
  const advance = (port: MockPort): void => {
    for (;;) {
      const step = steps[at];
      if (!step || mismatch) return;
      if ('board' in step) {
        port.emit(step.board);
        at++;
        continue;
      }
      if (heard.length < step.host.length) {
        if (!step.host.startsWith(heard)) mismatch = `step ${at}: expected ${JSON.stringify(step.host)}, host wrote ${JSON.stringify(heard)}`;
        return;
      }
      if (!heard.startsWith(step.host)) {
        mismatch = `step ${at}: expected ${JSON.stringify(step.host)}, host wrote ${JSON.stringify(heard.slice(0, step.host.length + 8))}`;
        return;
      }
      heard = heard.slice(step.host.length);
      at++;
    }
  };
  const port = await openMockPort((b, p) => {
    heard += b.toString('latin1');
    advance(p);
  });
  advance(port);
  return { port, mismatch: () => mismatch ?? (at >= steps.length && heard.length > 0 ? `host wrote past the transcript: ${JSON.stringify(heard)}` : null), remaining: () => steps.length - at };
}
