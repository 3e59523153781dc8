/**
 * VirtualFlash: the Pico W's filesystem, synchronous, with power-loss semantics.
 *
 * Fault model: every mutation is an indexed operation (see op-gate.ts) that a planned cut can hit
 * before, after or torn; what a cut leaves behind is the profile's fault model (profile.ts). From
 * a cut on, the shared Power is halted and every call — reads too — throws PowerLoss.
 * `power.powerOn()` drops the open handles (their uncommitted data is lost) and the device boots
 * again on the same flash; the op counter continues. Space and names follow the profile's
 * filesystem (littlefs-space.ts, space.ts, names.ts); a full flash answers ENOSPC. Each op advances
 * the SimClock by its cost before its effect.
 *
 * The API mirrors the async `Flash` port (core/ports/flash.ts) with the same FlashError codes, so
 * the MicroPython target can call it from inside the interpreter; `asFlashPort` wraps it for core.
 */
import { FlashError, type FlashEntry, type FlashStat } from '../../core/ports/flash.ts';
import { SimClock } from '../clock.ts';
import type { Power } from '../power.ts';
import { FatLayoutStore } from './fat-dir.ts';
import { FlashReadHandle, FlashWriteHandle, type WriteSink } from './handles.ts';
import { MemfsStore } from './memfs-store.ts';
import { OpGate } from './op-gate.ts';
import type { CutPoint, FlashOp } from './ops.ts';
import { LittlefsSpace } from './littlefs-space.ts';
import { FlashNames } from './names.ts';
import { baseName, isValidFlashPath, joinPath, parentOf } from './paths.ts';
import { FLASH_PROFILES, withTiming, STREAM_READ_US_PER_BYTE, type FlashProfile, type FlashProfileName, type FlashTiming } from './profile.ts';
import { provision, snapshotOf, type FlashTree } from './provision.ts';
import { BlockSpace, type SpaceModel } from './space.ts';
import { absentCode, MapStore, type FlashStore } from './store.ts';

export interface VirtualFlashOptions {
  profile?: FlashProfileName | FlashProfile;
  /** Erase/program times: datasheet typical (default) or maximum ('worst'). */
  timing?: FlashTiming;
  /**
   * fat: torn directory writes lose their sector's other entries (profile.ts; the `fat` profile's
   * default). `false` keeps them: the lab's counterfactual run, telling FAT's losses from the updater's.
   */
  sectorTears?: boolean;
  /** The device's clock (its Power is used). Default: a new SimClock. */
  clock?: SimClock;
  /** Overrides the profile's block count (small flashes for ENOSPC tests). */
  blockCount?: number;
  /** Keep the op log (default true; switch off for speed). */
  opLog?: boolean;
  /** Durable store: 'map' unless told otherwise; the lab's SimBoard asks for 'memfs'. */
  backend?: 'map' | 'memfs';
}

const EMPTY = new Uint8Array(0);

export class VirtualFlash implements WriteSink {
  readonly profile: FlashProfile;
  readonly clock: SimClock;
  readonly power: Power;
  readonly capacityBytes: number;
  readonly #store: FlashStore;
  /** fat only: where entries sit in their directory's sectors. */
  readonly #layout: FatLayoutStore | null;
  readonly #gate: OpGate;
  readonly #space: SpaceModel;
  readonly #names: FlashNames;
  readonly #block: number;
  readonly #pageBytes: number;
  readonly #pageProgramUs: number;
  readonly #eraseUs: number;
  readonly #commitUs: number;
  readonly #open = new Set<FlashWriteHandle>();
  readonly #writes: { op: number; path: string; bytes: Uint8Array }[] = [];
  readonly #losses: { op: number; paths: string[] }[] = [];
  #epoch = 0;

  constructor(options: VirtualFlashOptions = {}) {
    const p = options.profile ?? 'littlefs';
    const base = typeof p === 'string' ? FLASH_PROFILES[p] : p;
    const timed = options.timing === undefined ? base : withTiming(base, options.timing);
    this.profile = options.sectorTears === undefined || options.sectorTears === timed.tearsDirSectors ? timed : { ...timed, tearsDirSectors: options.sectorTears && timed.fs === 'fat' };
    this.clock = options.clock ?? new SimClock();
    this.power = this.clock.power;
    this.#block = this.profile.blockSizeBytes;
    this.capacityBytes = (options.blockCount ?? this.profile.blockCount) * this.#block;
    this.#pageBytes = this.profile.pageSizeBytes;
    this.#pageProgramUs = Math.round(this.profile.pageProgramMs * 1000);
    this.#eraseUs = Math.round(this.profile.blockEraseMs * 1000);
    this.#commitUs = Math.round(this.profile.metadataCommitMs * 1000);
    const store = options.backend === 'memfs' ? new MemfsStore() : new MapStore();
    this.#layout = this.profile.tearsDirSectors ? new FatLayoutStore(store) : null;
    this.#store = this.#layout ?? store;
    this.#space = this.profile.fs === 'littlefs' ? new LittlefsSpace(this.#block, this.capacityBytes) : new BlockSpace(this.#block, this.capacityBytes);
    this.#names = new FlashNames(this.profile.fs, this.#store);
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

  /** Called as each op starts (sim/battery: a brownout under the flash load halts the board there). */
  set beforeOp(hook: ((index: number) => void) | null) {
    this.#gate.beforeOp = hook;
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

  /**
   * Every write that reached the flash (a cut before it did not), with a copy of the bytes handed
   * over: what the oracle checks a refused response never reaches (a later check removing the file
   * does not undo the wear, nor the window in which the bytes sat in a file).
   */
  get writes(): readonly { op: number; path: string; bytes: Uint8Array }[] {
    return this.#writes;
  }

  /**
   * fat: what each torn directory sector destroyed of its neighbours (op index; every file and
   * directory lost, those below a lost directory included, sorted). Only tears that lost something.
   */
  get losses(): readonly { op: number; paths: string[] }[] {
    return this.#losses;
  }

  // ---- reads (not operations) ---------------------------------------------------------------

  stat(path: string): FlashStat | null {
    path = this.#enter('stat', path);
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
    return new FlashReadHandle(this.power, data, path, () => epoch === this.#epoch, (bytes) => this.clock.advanceUs(bytes * STREAM_READ_US_PER_BYTE));
  }

  list(path: string): FlashEntry[] {
    path = this.#enter('list', path);
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
    path = this.#checkPath('open', path);
    const mode = this.#gate.begin('open-write', path);
    const kind = this.#store.kind(path);
    if (kind === 'dir' || path === '') this.#gate.fail(mode, 'EISDIR', 'open', path);
    if (this.#store.kind(parentOf(path)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, path), 'open', path);
    const creates = kind === undefined;
    const tooLong = creates ? this.#names.createError(baseName(path)) : null;
    if (tooLong !== null) this.#gate.fail(mode, tooLong, 'open', path);
    const commits = creates || this.profile.openWriteCommits === 'always';
    const before = this.#store.size(path);
    const free = this.#free();
    if (this.#gate.full || (commits && !this.#space.tryFile(path, before, 0, 0, free, false))) this.#gate.fail(mode, 'ENOSPC', 'open', path);
    if (commits) this.clock.advanceUs(this.#commitUs);
    if (mode !== 'torn' && (creates || this.profile.writesThrough)) this.#commitFile(path, EMPTY, free);
    const handle = new FlashWriteHandle(this, path);
    this.#open.add(handle);
    if (mode === 'torn' && commits) this.#tearSector(path);
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
    if (through && this.#store.kind(h.path) === 'dir') this.#gate.fail(mode, 'EISDIR', 'write', h.path);
    if (through && this.#store.kind(parentOf(h.path)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, h.path), 'write', h.path);
    const free = this.#free();
    const grow = through ? 0 : this.#space.bufferBytes(h.len + n) - this.#space.bufferBytes(h.len);
    const fits = through ? this.#space.tryFile(h.path, this.#store.size(h.path), h.len + n, 0, free, false) : grow <= free;
    if (!fits) this.#gate.fail(mode, 'ENOSPC', 'write', h.path);
    this.clock.advanceUs(Math.ceil(n / this.#pageBytes) * this.#pageProgramUs);
    this.#writes.push({ op: this.#gate.current, path: h.path, bytes: chunk.slice() });
    if (through) {
      h.append(chunk, mode === 'torn' ? n >> 1 : n);
      this.#commitFile(h.path, h.view(), free);
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
      // fat: the data is already on the flash (close only rewrites the entry's size); littlefs
      // torn close: the commit did not happen.
      if (mode !== 'torn') this.#release(h);
      else this.#tearSector(h.path);
      this.#gate.finish(mode);
      return;
    }
    // The blocks the buffered data holds become the file's; littlefs frees them if the commit fails.
    const released = this.#space.bufferBytes(h.len);
    this.#release(h);
    const kind = this.#store.kind(h.path);
    if (kind === 'dir') this.#gate.fail(mode, 'EISDIR', 'close', h.path);
    if (this.#store.kind(parentOf(h.path)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, h.path), 'close', h.path);
    const before = kind === 'file' ? this.#store.size(h.path) : undefined;
    if (!this.#space.tryFile(h.path, before, h.len, released, this.#free())) this.#gate.fail(mode, 'ENOSPC', 'close', h.path);
    this.#store.setFile(h.path, h.len === h.buf.length ? h.buf : h.buf.slice(0, h.len));
    this.#gate.finish(mode);
  }

  /** Atomic on littlefs, replacing a file or an empty directory at `to`; not atomic on fat. */
  rename(from: string, to: string): void {
    from = this.#checkPath('rename', from);
    const asked = to;
    to = this.#checkPath('rename', to);
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
    // The name the entry ends up with: as asked (fat keeps the case it is given, even for itself).
    const dest = this.#names.spelled(parentOf(to), baseName(asked));
    const tooLong = this.#names.createError(baseName(dest));
    if (tooLong !== null) this.#gate.fail(mode, tooLong, 'rename', from);
    const size = this.#store.size(from) ?? 0;
    const replaced = tk === undefined ? undefined : tk === 'dir' ? 'dir' : (this.#store.size(to) ?? 0);
    const free = this.#free();
    if (from !== to && !this.#space.tryMove(from, dest, fk!, size, replaced, free, false)) this.#gate.fail(mode, 'ENOSPC', 'rename', from);
    this.clock.advanceUs(this.#commitUs);
    if (from === to) {
      if (dest !== from && mode !== 'torn') this.#store.move(from, dest); // fat: a new case for the same name
    } else if (mode !== 'torn') {
      this.#space.tryMove(from, dest, fk!, size, replaced, free);
      if (tk === 'file') this.#store.deleteFile(to);
      if (tk === 'dir') this.#store.deleteDir(to);
      this.#store.move(from, dest);
    } else if (!this.profile.atomicRename) {
      if (tk !== undefined) this.#deleteEntry(to, tk); // fat's torn rename: the destination is gone, the source not moved yet
      this.#tearSector(dest); // … and registering the new entry tore its sector
    }
    this.#gate.finish(mode);
  }

  /** Removes a file (a directory: EISDIR). */
  remove(path: string): void {
    path = this.#checkPath('remove', path);
    const mode = this.#gate.begin('remove', path);
    const kind = this.#store.kind(path);
    if (kind === undefined) this.#gate.fail(mode, absentCode(this.#store, path), 'remove', path);
    if (kind === 'dir') this.#gate.fail(mode, 'EISDIR', 'remove', path);
    this.clock.advanceUs(this.#commitUs);
    if (mode !== 'torn') this.#deleteEntry(path, 'file');
    else this.#tearSector(path);
    this.#gate.finish(mode);
  }

  /** Creates one directory level; EEXIST when anything is there. */
  mkdir(path: string): void {
    path = this.#checkPath('mkdir', path);
    const mode = this.#gate.begin('mkdir', path);
    if (path === '' || this.#store.kind(path) !== undefined) this.#gate.fail(mode, 'EEXIST', 'mkdir', path);
    if (this.#store.kind(parentOf(path)) !== 'dir') this.#gate.fail(mode, absentCode(this.#store, path), 'mkdir', path);
    const tooLong = this.#names.createError(baseName(path));
    if (tooLong !== null) this.#gate.fail(mode, tooLong, 'mkdir', path);
    const free = this.#free();
    if (this.#gate.full || !this.#space.tryMkdir(path, free, false)) this.#gate.fail(mode, 'ENOSPC', 'mkdir', path);
    this.clock.advanceUs(this.#commitUs);
    if (mode !== 'torn') {
      this.#space.tryMkdir(path, free);
      this.#store.makeDir(path);
    } else this.#tearSector(path);
    this.#gate.finish(mode);
  }

  /** Removes an empty directory. */
  rmdir(path: string): void {
    path = this.#checkPath('rmdir', path);
    const mode = this.#gate.begin('rmdir', path);
    if (path === '') this.#gate.fail(mode, 'EINVAL', 'rmdir', path);
    const kind = this.#store.kind(path);
    if (kind === undefined) this.#gate.fail(mode, absentCode(this.#store, path), 'rmdir', path);
    if (kind === 'file') this.#gate.fail(mode, 'ENOTDIR', 'rmdir', path);
    if (this.#store.childNames(path).length > 0) this.#gate.fail(mode, 'ENOTEMPTY', 'rmdir', path);
    this.clock.advanceUs(this.#commitUs);
    if (mode !== 'torn') this.#deleteEntry(path, 'dir');
    else this.#tearSector(path);
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
  load(tree: FlashTree, extraDirs: readonly string[] = []): void {
    // A key ending in `/` is an empty directory (the lab's `dir/` marker), not a file.
    const entries = tree instanceof Map ? [...tree] : Object.entries(tree);
    const files = new Map(entries.filter(([p]) => !p.endsWith('/')));
    const emptyDirs = [...extraDirs, ...entries.filter(([p]) => p.endsWith('/')).map(([p]) => p.slice(0, -1))];
    const paths = [...(files instanceof Map ? files.keys() : Object.keys(files)), ...emptyDirs];
    const problem = this.#names.loadProblem(paths);
    if (problem !== null) throw new Error(`Failed to load flash: ${problem}`);
    this.#dropHandles();
    provision(this.#store, this.#space, files, emptyDirs);
  }

  /**
   * Leaves at most `bytes` (whole blocks) free by holding the rest, as data outside the files the
   * lab shows would (scenario `device.freeBytes`). Call after `load`.
   */
  leaveFree(bytes: number): void {
    const hold = this.#space.free() - Math.floor(bytes / this.#block) * this.#block;
    if (hold > 0) this.#space.used += hold;
  }

  /** Bytes in use, as freeBytes counts them (no power check). */
  get usedBytes(): number {
    return this.#space.used + this.#space.pending;
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Power check, then the path as stored (see #checkPath). */
  #enter(op: string, path: string): string {
    this.power.check();
    return this.#checkPath(op, path);
  }

  /**
   * A malformed path, or a name the filesystem refuses on lookup (fat), never reaches the flash:
   * EINVAL, not an op. Returns the path as stored (fat: matched whatever its case).
   */
  #checkPath(op: string, path: string): string {
    if (!isValidFlashPath(path)) throw new FlashError('EINVAL', op, path);
    const stored = this.#names.resolve(path);
    if (stored === null) throw new FlashError('EINVAL', op, path);
    return stored;
  }

  /** Free bytes the op in progress may allocate: none under a flash-full fault. */
  #free(): number {
    return this.#gate.full ? 0 : this.#space.free();
  }

  #checkHandle(op: string, h: FlashWriteHandle): void {
    this.power.check();
    if (h.dropped) throw new Error(`Failed to ${op} ${JSON.stringify(h.path)}: the file was opened before a reboot`);
  }

  #fileFor(op: string, path: string): Uint8Array {
    path = this.#enter(op, path);
    const data = this.#store.file(path);
    if (data !== undefined) return data;
    if (path === '' || this.#store.kind(path) === 'dir') throw new FlashError('EISDIR', op, path);
    throw new FlashError(absentCode(this.#store, path), op, path);
  }

  /** Stores a file whose space the op already checked with the same `free`. */
  #commitFile(path: string, data: Uint8Array, free: number): void {
    this.#space.tryFile(path, this.#store.size(path), data.length, 0, free);
    this.#store.setFile(path, data);
  }

  #deleteEntry(path: string, kind: 'file' | 'dir'): void {
    if (kind === 'file') {
      this.#space.tryFile(path, this.#store.size(path), undefined, 0, 0);
      this.#store.deleteFile(path);
    } else {
      this.#space.rmdir(path);
      this.#store.deleteDir(path);
    }
  }

  /**
   * fat: power failed while the directory sector holding `path`'s entry was rewritten: the other
   * entries in that sector are lost (a lost directory takes everything below it). The op's own
   * entry ends as the profile's fault model says.
   */
  #tearSector(path: string): void {
    if (this.#layout === null) return;
    const dir = parentOf(path);
    const lost: string[] = [];
    for (const victim of this.#layout.entriesIn(dir, this.#layout.sectorOf(path), baseName(path))) this.#deleteTree(victim, lost);
    if (lost.length > 0) this.#losses.push({ op: this.#gate.current, paths: lost.sort() });
  }

  #deleteTree(path: string, lost: string[]): void {
    lost.push(path);
    if (this.#store.kind(path) === 'dir') {
      for (const name of this.#store.childNames(path)) this.#deleteTree(joinPath(path, name), lost);
      this.#deleteEntry(path, 'dir');
    } else this.#deleteEntry(path, 'file');
  }

  #release(h: FlashWriteHandle): void {
    h.closed = true;
    if (!this.profile.writesThrough) this.#space.pending -= this.#space.bufferBytes(h.len);
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
