/**
 * MemfsStore: the FlashStore on a memfs Volume (paths mounted at '/'), with an fs-shaped view of
 * the flash (`volume`). The SimBoard of every lab run uses it (sim/board.ts); a bare VirtualFlash
 * uses MapStore unless told otherwise (bench.ts compares them). Reads return fresh copies (memfs
 * Buffers).
 */
import { Volume } from 'memfs';
import type { FlashStore } from './store.ts';

const abs = (path: string): string => `/${path}`;

/**
 * memfs checks permissions on every path step with `process.getuid()`, a native call that
 * dominated sweep profiles; a board has one user, so the volume gets a process with fixed ids.
 */
const boardProcess = { cwd: () => '/', platform: 'linux', emitWarning: () => {}, env: {}, getuid: () => 0, getgid: () => 0 };

export class MemfsStore implements FlashStore {
  readonly volume = Volume.fromJSON({}, '/', { process: boardProcess } as never);
  /**
   * An index of what exists and how big it is, kept beside the volume: a memfs stat builds a
   * Stats object and re-walks the path, and VirtualFlash asks "what is at p?" on every op. The
   * bytes and the directory tree live in memfs; the index only answers kind and size.
   */
  readonly #index = new Map<string, { kind: 'file' | 'dir'; size: number }>([['', { kind: 'dir', size: 0 }]]);

  kind(path: string): 'file' | 'dir' | undefined {
    return this.#index.get(path)?.kind;
  }

  file(path: string): Uint8Array | undefined {
    if (this.kind(path) !== 'file') return undefined;
    const buf = this.volume.readFileSync(abs(path)) as Buffer;
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  }

  size(path: string): number | undefined {
    const e = this.#index.get(path);
    return e?.kind === 'file' ? e.size : undefined;
  }

  setFile(path: string, data: Uint8Array): void {
    this.volume.writeFileSync(abs(path), data);
    this.#index.set(path, { kind: 'file', size: data.length });
  }

  deleteFile(path: string): void {
    this.volume.unlinkSync(abs(path));
    this.#index.delete(path);
  }

  makeDir(path: string): void {
    this.volume.mkdirSync(abs(path));
    this.#index.set(path, { kind: 'dir', size: 0 });
  }

  deleteDir(path: string): void {
    this.volume.rmdirSync(abs(path));
    this.#index.delete(path);
  }

  childNames(path: string): string[] {
    return (this.volume.readdirSync(abs(path)) as string[]).map(String);
  }

  move(from: string, to: string): void {
    this.volume.renameSync(abs(from), abs(to));
    for (const [p, e] of [...this.#index]) {
      if (p === from || p.startsWith(`${from}/`)) {
        this.#index.delete(p);
        this.#index.set(to + p.slice(from.length), e);
      }
    }
  }

  filePaths(): string[] {
    return this.#walk('').filter((p) => this.kind(p) === 'file');
  }

  /** One walk of memfs's own tree (toJSON as buffers), instead of a permission-checked open per file. */
  copyFiles(): Map<string, Uint8Array> {
    const out = new Map<string, Uint8Array>();
    const json = this.volume.toJSON(undefined, {}, false, true) as Record<string, Buffer | null>;
    for (const [path, buf] of Object.entries(json)) {
      if (buf === null) continue; // an empty directory
      out.set(path.slice(1), new Uint8Array(buf.buffer, buf.byteOffset, buf.length)); // memfs hands out a copy already
    }
    return out;
  }

  dirPaths(): string[] {
    return this.#walk('').filter((p) => this.kind(p) === 'dir');
  }

  clear(): void {
    this.volume.reset();
    this.#index.clear();
    this.#index.set('', { kind: 'dir', size: 0 });
  }

  /** undefined for a missing path, also when an ancestor is a file (memfs throws ENOTDIR then). */
  #stat(path: string) {
    try {
      return this.volume.statSync(abs(path), { throwIfNoEntry: false });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  #walk(dir: string): string[] {
    const out: string[] = [];
    for (const name of this.childNames(dir)) {
      const p = dir === '' ? name : `${dir}/${name}`;
      out.push(p);
      if (this.kind(p) === 'dir') out.push(...this.#walk(p));
    }
    return out;
  }
}
