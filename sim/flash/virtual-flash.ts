/**
 * VirtualFlash: the Pico W's filesystem, synchronous, with power-loss semantics.
 *
 * Fault model: every mutation is an indexed operation (see op-gate.ts) that a planned cut can hit
 * before, after or torn; what a cut leaves behind is the profile's fault model (profile.ts). From
 * a cut on, the shared Power is halted and every call — reads too — throws PowerLoss.
 * `power.powerOn()` drops the open handles (their uncommitted data is lost) and the device boots
 * again on the same flash; the op counter continues. Space: 4096 B blocks, one per non-root
 * directory and at least one per file; a full flash answers ENOSPC. Each op advances the SimClock
 * by its cost before its effect.
 *
 * The API mirrors the async `Flash` port (core/ports/flash.ts) with the same FlashError codes, so
 * the MicroPython target can call it from inside the interpreter; `asFlashPort` wraps it for core.
 */
import { FlashError, type FlashEntry, type FlashStat } from '../../core/ports/flash.ts';
import { SimClock } from '../clock.ts';
import type { Power } from '../power.ts';
import { FlashReadHandle, FlashWriteHandle, type WriteSink } from './handles.ts';
import { MemfsStore } from './memfs-store.ts';
import { OpGate } from './op-gate.ts';
import type { CutPoint, FlashOp } from './ops.ts';
import { isValidFlashPath, joinPath, parentOf } from './paths.ts';
import { FLASH_PROFILES, type FlashProfile, type FlashProfileName } from './profile.ts';
import { provision, snapshotOf, type FlashTree } from './provision.ts';
import { FlashSpace } from './space.ts';
import { absentCode, MapStore, type FlashStore } from './store.ts';

export interface VirtualFlashOptions {
  profile?: FlashProfileName | FlashProfile;
  /** The device's clock (its Power is used). Default: a new SimClock. */
  clock?: SimClock;
  /** Overrides the profile's block count (small flashes for ENOSPC tests). */
  blockCount?: number;
  /** Keep the op log (default true; switch off for speed). */
  opLog?: boolean;
  /** Durable store; 'map' (default) is the fast one. */
  backend?: 'map' | 'memfs';
}

const EMPTY = new Uint8Array(0);

export class VirtualFlash implements WriteSink {
  readonly profile: FlashProfile;
  readonly clock: SimClock;
  readonly power: Power;
  readonly capacityBytes: number;
  readonly #store: FlashStore;
  readonly #gate: OpGate;
  readonly #space: FlashSpace;
  readonly #block: number;
  readonly #pageBytes: number;
  readonly #pageProgramUs: number;
  readonly #eraseUs: number;
  readonly #commitUs: number;
  readonly #open = new Set<FlashWriteHandle>();
  #epoch = 0;

  constructor(options: VirtualFlashOptions = {}) {
    const p = options.profile ?? 'littlefs';
    this.profile = typeof p === 'string' ? FLASH_PROFILES[p] : p;
    this.clock = options.clock ?? new SimClock();
    this.power = this.clock.power;
    this.#block = this.profile.blockSizeBytes;
    this.capacityBytes = (options.blockCount ?? this.profile.blockCount) * this.#block;
    this.#pageBytes = this.profile.pageSizeBytes;
    this.#pageProgramUs = Math.round(this.profile.pageProgramMs * 1000);
    this.#eraseUs = Math.round(this.profile.blockEraseMs * 1000);
    this.#commitUs = Math.round(this.profile.metadataCommitMs * 1000);
    this.#store = options.backend === 'memfs' ? new MemfsStore() : new MapStore();
    this.#space = new FlashSpace(this.#block, this.capacityBytes);
    this.#gate = new OpGate(this.power, options.opLog ?? true);
    this.power.onPowerOn(() => this.#dropHandles());
  }

  // ---- operations, faults, log --------------------------------------------------------------

  /** Ops issued so far (survives power cycles); the next op has this index. */
  get opCount(): number {
    return this.#gate.opCount;
  }

  /** The op log (empty array when it is switched off). */
  get opLog(): readonly FlashOp[] {
    return this.#gate.log ?? [];
  }

  clearOpLog(): void {
    if (this.#gate.log !== null) this.#gate.log.length = 0;
  }

  /** Called after each op that completed (not cut, not failed). */
  get onOp(): ((op: FlashOp) => void) | null {
    return this.#gate.onOp;
  }

  set onOp(hook: ((op: FlashOp) => void) | null) {
    this.#gate.onOp = hook;
  }

  armCuts(cuts: readonly CutPoint[]): void {
    this.#gate.armCuts(cuts);
  }

  /** From op `op` on, open-write, write and mkdir fail with ENOSPC. */
  armFull(op: number): void {
    this.#gate.armFull(op);
  }

  disarm(): void {
    this.#gate.disarm();
  }

  get armedCuts(): CutPoint[] {
    return this.#gate.armedCuts;
  }

  /** True once an op failed with ENOSPC because of `armFull` (the fault fired). */
  get fullFired(): boolean {
    return this.#gate.fullFired;
  }

  // ---- reads (not operations) ---------------------------------------------------------------

  stat(path: string): FlashStat | null {
    this.#enter('stat', path);
    const kind = this.#store.kind(path);
    if (kind === 'dir') return { kind, size: 0 };
    if (kind === 'file') return { kind, size: this.#store.size(path) ?? 0 };
    if (absentCode(this.#store, path) === 'ENOTDIR') throw new FlashError('ENOTDIR', 'stat', path);
    return null;
  }

  readFile(path: string): Uint8Array {
    return this.#fileFor('read', path).slice();
  }

  openRead(path: string): FlashReadHandle {
    const data = this.#fileFor('open', path);
    const epoch = this.#epoch;
    return new FlashReadHandle(this.power, data, path, () => epoch === this.#epoch);
  }

  list(path: string): FlashEntry[] {
    this.#enter('list', path);
    const kind = this.#store.kind(path);
    if (kind === 'file') throw new FlashError('ENOTDIR', 'list', path);
    if (kind === undefined) throw new FlashError(absentCode(this.#store, path), 'list', path);
    return this.#store
      .childNames(path)
      .sort()
      .map((name) => {
        const size = this.#store.size(joinPath(path, name));
        return size === undefined ? { name, kind: 'dir', size: 0 } : { name, kind: 'file', size };
      });
  }

  /** MicroPython's os.sync() syncs FAT volumes only and fat writes go through already: nothing to do. */
  sync(): void {
    this.power.check();
  }

  /** Free bytes, counting blocks held by uncommitted writes. */
  freeBytes(): number {
    this.power.check();
    return this.#space.free();
  }

  // ---- mutations ---------------------------------------------------------------------------

  /** Create or truncate (as the profile defines it). The parent directory must exist. */
  openWrite(path: string): FlashWriteHandle {
    this.#checkPath('open', path);
    const mode = this.#gate.begin('open-write', path);
    const kind = this.#store.kind(path);
    if (kind === 'dir' || path === '') this.#gate.fail(mode, 'EISDIR', 'open', path);
    if (this.#store.kind(parentOf(path)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, path), 'open', path);
    const creates = kind === undefined;
    if (this.#gate.full || (creates && this.#space.free() < this.#block)) this.#gate.fail(mode, 'ENOSPC', 'open', path);
    if (creates || this.profile.openWriteCommits === 'always') this.clock.advanceUs(this.#commitUs);
    if (mode !== 'torn' && (creates || this.profile.writesThrough)) this.#commitFile(path, EMPTY);
    const handle = new FlashWriteHandle(this, path);
    this.#open.add(handle);
    this.#gate.finish(mode);
    return handle;
  }

  /** @internal Called by FlashWriteHandle.write. */
  writeChunk(h: FlashWriteHandle, chunk: Uint8Array): void {
    this.#checkHandle('write', h);
    if (h.closed) throw new Error(`Failed to write ${JSON.stringify(h.path)}: the file is closed`);
    const n = chunk.length;
    const mode = this.#gate.begin('write', h.path, undefined, n);
    if (this.#gate.full) this.#gate.fail(mode, 'ENOSPC', 'write', h.path);
    const through = this.profile.writesThrough;
    const grow = through ? this.#space.fileBytes(h.len + n) - this.#space.fileBytes(h.len) : this.#space.dataBytes(h.len + n) - this.#space.dataBytes(h.len);
    if (grow > this.#space.free()) this.#gate.fail(mode, 'ENOSPC', 'write', h.path);
    if (through && this.#store.kind(h.path) === 'dir') this.#gate.fail(mode, 'EISDIR', 'write', h.path);
    if (through && this.#store.kind(parentOf(h.path)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, h.path), 'write', h.path);
    this.clock.advanceUs(Math.ceil(n / this.#pageBytes) * this.#pageProgramUs);
    if (through) {
      h.append(chunk, mode === 'torn' ? n >> 1 : n);
      this.#commitFile(h.path, h.view());
    } else if (mode !== 'torn') {
      h.append(chunk, n);
      this.#space.pending += grow;
    }
    this.#gate.finish(mode);
  }

  /** @internal Called by FlashWriteHandle.close. */
  closeWriter(h: FlashWriteHandle): void {
    this.#checkHandle('close', h);
    if (h.closed) return;
    const mode = this.#gate.begin('close', h.path, undefined, h.len);
    this.clock.advanceUs(this.#commitUs + Math.ceil(h.len / this.#block) * this.#eraseUs);
    if (this.profile.writesThrough || mode === 'torn') {
      // fat: the data is already on the flash; littlefs torn close: the commit did not happen.
      if (mode !== 'torn') this.#release(h);
      this.#gate.finish(mode);
      return;
    }
    this.#release(h);
    const kind = this.#store.kind(h.path);
    if (kind === 'dir') this.#gate.fail(mode, 'EISDIR', 'close', h.path);
    if (this.#store.kind(parentOf(h.path)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, h.path), 'close', h.path);
    const old = kind === 'file' ? this.#space.fileBytes(this.#store.size(h.path) ?? 0) : 0;
    if (this.#space.fileBytes(h.len) - old > this.#space.free()) this.#gate.fail(mode, 'ENOSPC', 'close', h.path);
    this.#commitFile(h.path, h.len === h.buf.length ? h.buf : h.buf.slice(0, h.len));
    this.#gate.finish(mode);
  }

  /** Atomic on littlefs, replacing a file or an empty directory at `to`; not atomic on fat. */
  rename(from: string, to: string): void {
    this.#checkPath('rename', from);
    this.#checkPath('rename', to);
    const mode = this.#gate.begin('rename', from, to);
    const fk = this.#store.kind(from);
    if (fk === undefined) this.#gate.fail(mode, absentCode(this.#store, from), 'rename', from);
    if (from === '' || to === '') this.#gate.fail(mode, 'EINVAL', 'rename', from);
    if (this.#store.kind(parentOf(to)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, to), 'rename', from);
    if (fk === 'dir' && to.startsWith(`${from}/`)) this.#gate.fail(mode, 'EINVAL', 'rename', from);
    const tk = from === to ? undefined : this.#store.kind(to);
    if (tk === 'dir' && fk === 'file') this.#gate.fail(mode, 'EISDIR', 'rename', from);
    if (tk === 'file' && fk === 'dir') this.#gate.fail(mode, 'ENOTDIR', 'rename', from);
    if (tk === 'dir' && this.#store.childNames(to).length > 0) this.#gate.fail(mode, 'ENOTEMPTY', 'rename', from);
    this.clock.advanceUs(this.#commitUs);
    if (from !== to && (mode !== 'torn' || !this.profile.atomicRename)) {
      if (tk !== undefined) this.#deleteEntry(to, tk);
      if (mode !== 'torn') this.#store.move(from, to);
    }
    this.#gate.finish(mode);
  }

  /** Removes a file (a directory: EISDIR). */
  remove(path: string): void {
    this.#checkPath('remove', path);
    const mode = this.#gate.begin('remove', path);
    const kind = this.#store.kind(path);
    if (kind === undefined) this.#gate.fail(mode, absentCode(this.#store, path), 'remove', path);
    if (kind === 'dir') this.#gate.fail(mode, 'EISDIR', 'remove', path);
    this.clock.advanceUs(this.#commitUs);
    if (mode !== 'torn') this.#deleteEntry(path, 'file');
    this.#gate.finish(mode);
  }

  /** Creates one directory level; EEXIST when anything is there. */
  mkdir(path: string): void {
    this.#checkPath('mkdir', path);
    const mode = this.#gate.begin('mkdir', path);
    if (path === '' || this.#store.kind(path) !== undefined) this.#gate.fail(mode, 'EEXIST', 'mkdir', path);
    if (this.#store.kind(parentOf(path)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, path), 'mkdir', path);
    if (this.#gate.full || this.#space.free() < this.#block) this.#gate.fail(mode, 'ENOSPC', 'mkdir', path);
    this.clock.advanceUs(this.#commitUs);
    if (mode !== 'torn') {
      this.#store.makeDir(path);
      this.#space.used += this.#block;
    }
    this.#gate.finish(mode);
  }

  /** Removes an empty directory. */
  rmdir(path: string): void {
    this.#checkPath('rmdir', path);
    const mode = this.#gate.begin('rmdir', path);
    if (path === '') this.#gate.fail(mode, 'EINVAL', 'rmdir', path);
    const kind = this.#store.kind(path);
    if (kind === undefined) this.#gate.fail(mode, absentCode(this.#store, path), 'rmdir', path);
    if (kind === 'file') this.#gate.fail(mode, 'ENOTDIR', 'rmdir', path);
    if (this.#store.childNames(path).length > 0) this.#gate.fail(mode, 'ENOTEMPTY', 'rmdir', path);
    this.clock.advanceUs(this.#commitUs);
    if (mode !== 'torn') this.#deleteEntry(path, 'dir');
    this.#gate.finish(mode);
  }

  // ---- inspection and provisioning (runner-facing: no power check, no ops, no time) ----------

  /** Every file (copies), sorted by path. */
  snapshot(): Map<string, Uint8Array> {
    return snapshotOf(this.#store);
  }

  /** Every directory but the root, sorted. */
  dirs(): string[] {
    return this.#store.dirPaths().sort();
  }

  /** Replaces the whole contents (parents are created as needed; `emptyDirs` adds more). Drops open handles. */
  load(files: FlashTree, emptyDirs: readonly string[] = []): void {
    this.#dropHandles();
    provision(this.#store, this.#space, files, emptyDirs);
  }

  /** Bytes in use, as freeBytes counts them (no power check). */
  get usedBytes(): number {
    return this.#space.used + this.#space.pending;
  }

  // ---- internals ---------------------------------------------------------------------------

  #enter(op: string, path: string): void {
    this.power.check();
    this.#checkPath(op, path);
  }

  #checkPath(op: string, path: string): void {
    if (!isValidFlashPath(path)) throw new FlashError('EINVAL', op, path);
  }

  #checkHandle(op: string, h: FlashWriteHandle): void {
    this.power.check();
    if (h.dropped) throw new Error(`Failed to ${op} ${JSON.stringify(h.path)}: the file was opened before a reboot`);
  }

  #fileFor(op: string, path: string): Uint8Array {
    this.#enter(op, path);
    const data = this.#store.file(path);
    if (data !== undefined) return data;
    if (path === '' || this.#store.kind(path) === 'dir') throw new FlashError('EISDIR', op, path);
    throw new FlashError(absentCode(this.#store, path), op, path);
  }

  #commitFile(path: string, data: Uint8Array): void {
    this.#space.resize(this.#store.size(path), data.length);
    this.#store.setFile(path, data);
  }

  #deleteEntry(path: string, kind: 'file' | 'dir'): void {
    if (kind === 'file') {
      this.#space.resize(this.#store.size(path), undefined);
      this.#store.deleteFile(path);
    } else {
      this.#space.used -= this.#block;
      this.#store.deleteDir(path);
    }
  }

  #release(h: FlashWriteHandle): void {
    h.closed = true;
    if (!this.profile.writesThrough) this.#space.pending -= this.#space.dataBytes(h.len);
    this.#open.delete(h);
  }

  #dropHandles(): void {
    for (const h of this.#open) {
      h.closed = true;
      h.dropped = true;
    }
    this.#open.clear();
    this.#space.pending = 0;
    this.#epoch += 1;
  }
}
