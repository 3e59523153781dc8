/** Test support: a SerialPortMock port wrapped as a SerialLink, with a hook on every host write. */
import { SerialPortMock } from 'serialport';
import { streamLink, type SerialLink } from '../serial/index.ts';

export interface MockPort {
  link: SerialLink;
  binding: MockPortBinding;
  /** Bytes from the board to the host. */
  emit(b: Uint8Array | string): unknown;
  /** Everything the host wrote, in order. */
  written(): Buffer;
}

/** The mock binding's port object (its package's types don't resolve under NodeNext). */
export type MockPortBinding = NonNullable<SerialPortMock['port']>;

let counter = 0;

export async function openMockPort(onWrite: (b: Buffer, port: MockPort) => void): Promise<MockPort> {
  const path = `/dev/mock-board-${process.pid}-${counter++}`;
  SerialPortMock.binding.createPort(path, { echo: false, record: true });
  const stream = new SerialPortMock({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => stream.open((err) => (err ? reject(err) : resolve())));
  const binding = stream.port!;
  const mock: MockPort = {
    link: streamLink(stream, path),
    binding,
    // A board talking after the host closed is dropped, as on a closed tty.
    emit: (b) => binding.isOpen && binding.emitData(typeof b === 'string' ? Buffer.from(b, 'latin1') : Buffer.from(b)),
    written: () => Buffer.from(binding.recording),
  };
  const original = binding.write.bind(binding);
  binding.write = async (buffer: Buffer): Promise<void> => {
    await original(buffer);
    // The board reacts after the bytes left the host, as on a wire.
    setImmediate(() => onWrite(Buffer.from(buffer), mock));
  };
  return mock;
}
