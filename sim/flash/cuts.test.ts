/**
 * A power cut before, after and torn at each kind of op, on both profiles (and both store
 * backends), with the exact durable state it leaves. The expectations are the fault models of
 * profile.ts written out by hand, not read back from the code.
 *
 * FAT directory sectors (fat-dir.ts; the 'fat-sector' variant) in INITIAL's root, as loaded (directories first, then files
 * by path), 2 slots per entry: sector 0 holds d, e, a.txt, b.txt, p1…p4; sector 1 holds z.txt,
 * and the next new entry goes right after it. A torn fat op loses the other entries of the
 * sector it rewrites (a lost directory loses what is in it).
 */
import { describe, expect, it } from 'vitest';
import { PowerLoss } from '../power.ts';
import { CUT_MODES, type CutMode, type OpKind } from './ops.ts';
import { distinctCutModes, FLASH_PROFILES, tornIsDistinct, type FlashProfileName } from './profile.ts';
import { VirtualFlash } from './virtual-flash.ts';

interface State {
  files: Record<string, string>;
  dirs: string[];
}

const INITIAL: State = { files: { 'a.txt': 'old-a', 'b.txt': 'old-b', 'd/x': 'x', p1: '1', p2: '2', p3: '3', p4: '4', 'z.txt': 'z' }, dirs: ['d', 'e'] };

/** INITIAL with some files changed (null: gone) and optionally other dirs. */
function S(patch: Record<string, string | null> = {}, dirs = INITIAL.dirs): State {
  const files: Record<string, string> = { ...INITIAL.files };
  for (const [p, v] of Object.entries(patch)) {
    if (v === null) delete files[p];
    else files[p] = v;
  }
  return { files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))), dirs };
}

const text = (s: string) => new TextEncoder().encode(s);

/** fat-sector: root sector 0 torn, every entry in it lost except `keep` (the op's own). */
function sector0Lost(keep: string, patch: Record<string, string | null> = {}): State {
  const lost: Record<string, string | null> = { 'a.txt': null, 'b.txt': null, 'd/x': null, p1: null, p2: null, p3: null, p4: null };
  delete lost[keep];
  const dirs = ['d', 'e'].filter((d) => d === keep);
  return S({ ...lost, ...patch }, dirs);
}

/** fat-sector: root sector 1 torn (where new entries go): z.txt lost. */
const sector1Lost = (patch: Record<string, string | null> = {}) => S({ 'z.txt': null, ...patch });

interface Case {
  name: string;
  kind: OpKind;
  /** Runs the ops that lead up to the one under test; returns the op under test. */
  prepare(vf: VirtualFlash): () => unknown;
  expected: Record<Variant, Record<CutMode, State>>;
}

const same = (s: State) => ({ before: s, after: s, torn: s });

/**
 * The profiles: littlefs; `fat-sector`, FAT as the lab runs it by default (torn directory sectors
 * lose their neighbours); `fat`, FAT on a medium with sector-atomic writes (VirtualFlashOptions
 * sectorTears false, the lab's counterfactual run).
 */
type Variant = FlashProfileName | 'fat-sector';
const optionsOf = (v: Variant) => (v === 'fat-sector' ? { profile: 'fat' as const } : v === 'fat' ? { profile: 'fat' as const, sectorTears: false } : { profile: v });
const profileOf = (v: Variant) => new VirtualFlash(optionsOf(v)).profile;

const CASES: Case[] = [
  {
    name: 'open-write creating a file',
    kind: 'open-write',
    prepare: (vf) => () => vf.openWrite('n.txt'),
    expected: {
      littlefs: { before: S(), after: S({ 'n.txt': '' }), torn: S() },
      fat: { before: S(), after: S({ 'n.txt': '' }), torn: S() },
      'fat-sector': { before: S(), after: S({ 'n.txt': '' }), torn: sector1Lost() },
    },
  },
  {
    name: 'open-write of an existing file',
    kind: 'open-write',
    prepare: (vf) => () => vf.openWrite('a.txt'),
    expected: {
      littlefs: same(S()),
      fat: { before: S(), after: S({ 'a.txt': '' }), torn: S() },
      'fat-sector': { before: S(), after: S({ 'a.txt': '' }), torn: sector0Lost('a.txt') },
    },
  },
  {
    name: 'write',
    kind: 'write',
    prepare: (vf) => {
      const h = vf.openWrite('a.txt');
      return () => h.write(text('NEWAB'));
    },
    expected: {
      littlefs: same(S()),
      fat: { before: S({ 'a.txt': '' }), after: S({ 'a.txt': 'NEWAB' }), torn: S({ 'a.txt': 'NE' }) },
      'fat-sector': { before: S({ 'a.txt': '' }), after: S({ 'a.txt': 'NEWAB' }), torn: S({ 'a.txt': 'NE' }) },
    },
  },
  {
    name: 'close of a rewritten file',
    kind: 'close',
    prepare: (vf) => {
      const h = vf.openWrite('a.txt');
      h.write(text('NEW-A'));
      return () => h.close();
    },
    expected: {
      littlefs: { before: S(), after: S({ 'a.txt': 'NEW-A' }), torn: S() },
      fat: same(S({ 'a.txt': 'NEW-A' })),
      // fat-sector: close only rewrites the entry's size, in a.txt's sector.
      'fat-sector': { before: S({ 'a.txt': 'NEW-A' }), after: S({ 'a.txt': 'NEW-A' }), torn: sector0Lost('a.txt', { 'a.txt': 'NEW-A' }) },
    },
  },
  {
    name: 'close of a new file',
    kind: 'close',
    prepare: (vf) => {
      const h = vf.openWrite('n.txt');
      h.write(text('hello'));
      return () => h.close();
    },
    expected: {
      littlefs: { before: S({ 'n.txt': '' }), after: S({ 'n.txt': 'hello' }), torn: S({ 'n.txt': '' }) },
      fat: same(S({ 'n.txt': 'hello' })),
      'fat-sector': { before: S({ 'n.txt': 'hello' }), after: S({ 'n.txt': 'hello' }), torn: sector1Lost({ 'n.txt': 'hello' }) },
    },
  },
  {
    name: 'rename over an existing file',
    kind: 'rename',
    prepare: (vf) => () => vf.rename('a.txt', 'b.txt'),
    expected: {
      littlefs: { before: S(), after: S({ 'a.txt': null, 'b.txt': 'old-a' }), torn: S() },
      // fat's torn rename: the destination is gone, the source not yet moved; with sector tears,
      // registering the new entry in b.txt's freed slots tore sector 0, a.txt with it.
      fat: { before: S(), after: S({ 'a.txt': null, 'b.txt': 'old-a' }), torn: S({ 'b.txt': null }) },
      'fat-sector': { before: S(), after: S({ 'a.txt': null, 'b.txt': 'old-a' }), torn: sector0Lost('b.txt', { 'b.txt': null }) },
    },
  },
  {
    name: 'rename to a new name',
    kind: 'rename',
    prepare: (vf) => () => vf.rename('a.txt', 'c.txt'),
    expected: {
      littlefs: { before: S(), after: S({ 'a.txt': null, 'c.txt': 'old-a' }), torn: S() },
      fat: { before: S(), after: S({ 'a.txt': null, 'c.txt': 'old-a' }), torn: S() },
      'fat-sector': { before: S(), after: S({ 'a.txt': null, 'c.txt': 'old-a' }), torn: sector1Lost() },
    },
  },
  {
    name: 'remove',
    kind: 'remove',
    prepare: (vf) => () => vf.remove('a.txt'),
    expected: {
      littlefs: { before: S(), after: S({ 'a.txt': null }), torn: S() },
      fat: { before: S(), after: S({ 'a.txt': null }), torn: S() },
      'fat-sector': { before: S(), after: S({ 'a.txt': null }), torn: sector0Lost('a.txt') },
    },
  },
  {
    name: 'mkdir',
    kind: 'mkdir',
    prepare: (vf) => () => vf.mkdir('f'),
    expected: {
      littlefs: { before: S(), after: S({}, ['d', 'e', 'f']), torn: S() },
      fat: { before: S(), after: S({}, ['d', 'e', 'f']), torn: S() },
      'fat-sector': { before: S(), after: S({}, ['d', 'e', 'f']), torn: sector1Lost() },
    },
  },
  {
    name: 'rmdir',
    kind: 'rmdir',
    prepare: (vf) => () => vf.rmdir('e'),
    expected: {
      littlefs: { before: S(), after: S({}, ['d']), torn: S() },
      fat: { before: S(), after: S({}, ['d']), torn: S() },
      'fat-sector': { before: S(), after: S({}, ['d']), torn: sector0Lost('e') },
    },
  },
];

/** The durable state read through the device-facing API (so it also proves reads work again). */
function readBack(vf: VirtualFlash): State {
  const files: Record<string, string> = {};
  const dirs: string[] = [];
  const walk = (dir: string) => {
    for (const e of vf.list(dir)) {
      const p = dir === '' ? e.name : `${dir}/${e.name}`;
      if (e.kind === 'dir') {
        dirs.push(p);
        walk(p);
      } else files[p] = new TextDecoder().decode(vf.readFile(p));
    }
  };
  walk('');
  return { files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))), dirs: dirs.sort() };
}

function snapshotState(vf: VirtualFlash): State {
  const files = Object.fromEntries([...vf.snapshot()].map(([p, b]) => [p, new TextDecoder().decode(b)]));
  return { files, dirs: vf.dirs() };
}

describe.each([
  ['littlefs', 'map'],
  ['fat', 'map'],
  ['fat-sector', 'map'],
  ['littlefs', 'memfs'],
  ['fat', 'memfs'],
  ['fat-sector', 'memfs'],
] as const)('cuts on %s (%s store)', (profile, backend) => {
  for (const c of CASES) {
    for (const mode of CUT_MODES) {
      it(`${c.name}, cut ${mode}`, () => {
        const vf = new VirtualFlash({ ...optionsOf(profile), backend });
        vf.load(INITIAL.files, INITIAL.dirs);
        const op = c.prepare(vf);
        const index = vf.opCount;
        vf.armCuts([{ op: index, mode }]);
        expect(op).toThrow(PowerLoss);
        expect(vf.power.halted).toBe('power-cut');
        expect(vf.opLog.at(-1)).toMatchObject({ index, kind: c.kind });
        const expected = c.expected[profile][mode];
        expect(snapshotState(vf)).toEqual(expected);
        vf.power.powerOn();
        expect(readBack(vf)).toEqual(expected);
        // What a tear destroyed is recorded exactly: every path the cut state lacks that no other effect explains.
        if (profile !== 'fat-sector' || mode !== 'torn') expect(vf.losses).toEqual([]);
        else {
          const neighbourFree = c.expected.fat.torn;
          const lost = [...Object.keys(neighbourFree.files), ...neighbourFree.dirs].filter((p) => !(p in expected.files) && !expected.dirs.includes(p)).sort();
          expect(vf.losses).toEqual(lost.length === 0 ? [] : [{ op: index, paths: lost }]);
        }
      });
    }
  }
});

it('the fat profile tears directory sectors by default; littlefs never does', () => {
  expect(new VirtualFlash({ profile: 'fat' }).profile.tearsDirSectors).toBe(true);
  expect(new VirtualFlash({ profile: 'fat', sectorTears: false }).profile.tearsDirSectors).toBe(false);
  expect(new VirtualFlash({ profile: 'littlefs', sectorTears: true }).profile.tearsDirSectors).toBe(false);
});

describe('the sweep hints agree with the fault models', () => {
  for (const profile of ['littlefs', 'fat', 'fat-sector'] as const) {
    for (const c of CASES) {
      it(`${profile}: ${c.name}`, () => {
        const states = c.expected[profile];
        const p = profileOf(profile);
        if (!tornIsDistinct(p, c.kind)) expect([states.before, states.after]).toContainEqual(states.torn);
        const listed = distinctCutModes(p, c.kind).map((m) => states[m]);
        for (const mode of CUT_MODES) expect(listed).toContainEqual(states[mode]);
      });
    }
  }
});
