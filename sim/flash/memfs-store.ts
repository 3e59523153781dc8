/**
 * MemfsStore: the FlashStore on a memfs Volume (paths mounted at '/'). Kept as an alternative
 * backend for anyone who wants an fs-shaped view of the flash (`volume`); the MapStore is the
 * default because it is much faster (bench.ts). Reads return fresh copies (memfs Buffers).
 */
import { Volume } from 'memfs';
import type { FlashStore } from './store.ts';

const abs = (path: string): string => `/${path}`;

export class MemfsStore implements FlashStore {
  readonly volume = new Volume();

  kind(path: string): 'file' | 'dir' | undefined {
    const s = this.#stat(path);
    if (s === undefined) return undefined;
    return s.isDirectory() ? 'dir' : 'file';
  }

  file(path: string): Uint8Array | undefined {
    if (this.kind(path) !== 'file') return undefined;
    const buf = this.volume.readFileSync(abs(path)) as Buffer;
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  }

  size(path: string): number | undefined {
    const s = this.#stat(path);
    return s === undefined || s.isDirectory() ? undefined : Number(s.size);
  }

  setFile(path: string, data: Uint8Array): void {
    this.volume.writeFileSync(abs(path), data);
  }

  deleteFile(path: string): void {
    this.volume.unlinkSync(abs(path));
  }

  makeDir(path: string): void {
    this.volume.mkdirSync(abs(path));
  }

  deleteDir(path: string): void {
    this.volume.rmdirSync(abs(path));
  }

  childNames(path: string): string[] {
    return (this.volume.readdirSync(abs(path)) as string[]).map(String);
  }

  move(from: string, to: string): void {
    this.volume.renameSync(abs(from), abs(to));
  }

  filePaths(): string[] {
    return this.#walk('').filter((p) => this.kind(p) === 'file');
  }

  dirPaths(): string[] {
    return this.#walk('').filter((p) => this.kind(p) === 'dir');
  }

  clear(): void {
    this.volume.reset();
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
