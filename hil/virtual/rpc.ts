/**
 * Synchronous calls from the CPU worker into the board process. The interpreter is synchronous,
 * so a flash op, a socket read or a DNS lookup blocks the CPU thread on `Atomics.wait` while the
 * board process (free to do real I/O) answers; the answer is taken with `receiveMessageOnPort`.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { SIGNAL } from './protocol.ts';

export interface RpcCall {
  fn: string;
  args: unknown[];
}

export interface RpcAnswer {
  value: unknown;
  /** Bulk bytes (reads), copied into wasm memory by the caller. */
  bytes?: Uint8Array;
}

/** CPU side: `call(fn, ...args)` blocks until the board process answers. */
export function rpcCaller(port: MessagePort, signals: Int32Array): (fn: string, args: unknown[]) => RpcAnswer {
  return (fn, args) => {
    Atomics.store(signals, SIGNAL.RPC, 0);
    port.postMessage({ fn, args } satisfies RpcCall);
    // The board process may take as long as a socket timeout: wait without a deadline of our own.
    while (Atomics.load(signals, SIGNAL.RPC) === 0) Atomics.wait(signals, SIGNAL.RPC, 0, 1000);
    const msg = receiveMessageOnPort(port);
    if (msg === undefined) throw new Error('Failed to call the board: the answer was signalled but not posted');
    return msg.message as RpcAnswer;
  };
}

export type RpcHandler = (fn: string, args: unknown[]) => RpcAnswer | Promise<RpcAnswer>;

/** Board side: answers each call (post first, then signal, so the CPU finds the message). */
export function serveRpc(port: MessagePort, signals: Int32Array, handle: RpcHandler): void {
  port.on('message', (call: RpcCall) => {
    void (async () => {
      let answer: RpcAnswer;
      try {
        answer = await handle(call.fn, call.args);
      } catch (err) {
        answer = { value: { error: String(err) } };
      }
      port.postMessage(answer);
      Atomics.store(signals, SIGNAL.RPC, 1);
      Atomics.notify(signals, SIGNAL.RPC);
    })();
  });
}
