/**
 * What goes on a real board for one scenario, and how the oracle sees the board afterwards. The
 * board carries the updater (device/), the test kit (hil/kit, hidden from the oracle) and the
 * scenario's files; its config points the updater at the LAN fake GitHub and the rig's Wi-Fi. The
 * oracle judges the scenario's files exactly as on the simulator: the kit is removed, the
 * updater's own files are hidden while unchanged, and the config reads as the scenario wrote it.
 */
import { Buffer } from 'node:buffer';
import { DEVICE_DIR, firmwareFiles, withoutFirmware } from '../../sim/micropython/firmware.ts';
import { provision, type ShaOf } from '../../scenarios/state/index.ts';
import { commitFiles } from '../../sim/github/files.ts';
import type { Scenario } from '../../scenarios/types.ts';

export interface BoardEndpoints {
  apiBase: string;
  rawBase: string;
  wifi?: { ssid: string; password: string };
}

export interface KitParts {
  files: ReadonlyMap<string, Uint8Array>;
  bootPy(deviceBootPy: Uint8Array): Uint8Array;
  isKitPath(path: string): boolean;
}

export interface BoardLoad {
  /** Every file the board starts the run with. */
  files: Map<string, Uint8Array>;
  /** The config path, the bytes the scenario wrote, and the bytes the board got instead. */
  config: { path: string; scenario: Uint8Array; board: Uint8Array };
  /** The updater's own files as installed (hidden from the oracle while unchanged). */
  hidden: Map<string, Uint8Array>;
  /** boot.py as the kit installed it, and as device/ has it (the oracle sees the latter). */
  bootPy: { board: Uint8Array; device: Uint8Array };
}

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => a !== undefined && b !== undefined && Buffer.compare(a, b) === 0;

/** The config, re-pointed at the LAN: only JSON configs can be (the reason is boardCannotRun's). */
export function pointAtLan(configBytes: Uint8Array, at: BoardEndpoints): Uint8Array {
  const config = JSON.parse(new TextDecoder().decode(configBytes)) as Record<string, unknown>;
  config.api_base = at.apiBase;
  config.raw_base = at.rawBase;
  if (at.wifi) {
    config.ssid = at.wifi.ssid;
    config.password = at.wifi.password;
  }
  return new TextEncoder().encode(JSON.stringify(config, null, 2) + '\n');
}

export function boardLoad(scenario: Scenario, shaOf: ShaOf, at: BoardEndpoints, kit: KitParts, dir = DEVICE_DIR): BoardLoad {
  const firmware = firmwareFiles(dir);
  const device = firmware.get('boot.py')!;
  const board = kit.bootPy(device);
  const files = new Map(firmware);
  files.set('boot.py', board);
  for (const [p, bytes] of kit.files) files.set(p, bytes);
  const path = scenario.device.configFile ?? 'ota_config.json';
  let original: Uint8Array | undefined;
  for (const [p, bytes] of provision(scenario, shaOf)) {
    // An empty-directory marker (device.emptyDirs) is no file to deploy; real boards do not get them yet (docs/repro.md).
    if (p.endsWith('/')) continue;
    if (p === path) original = bytes;
    files.set(p, bytes);
  }
  const pointed = pointAtLan(original!, at);
  files.set(path, pointed);
  return { files, config: { path, scenario: original!, board: pointed }, hidden: hiddenFirmware(scenario, firmware), bootPy: { board, device } };
}

/** The updater's files the scenario does not name itself (as the micropython target hides them). */
function hiddenFirmware(scenario: Scenario, firmware: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  const named = new Set([...Object.keys(scenario.device.files ?? {}), ...Object.keys(scenario.expect.files ?? {})]);
  for (const repo of scenario.server.repos) for (const label of Object.keys(repo.commits)) for (const p of commitFiles(repo, label).keys()) named.add(p);
  return new Map([...firmware].filter(([p]) => !named.has(p)));
}

/**
 * The board's files as the oracle judges them: no kit files, the config as the scenario wrote it
 * (the updater never writes it; a changed config stays visible), boot.py as device/ has it while
 * the kit's line is the only difference, and the updater's unchanged files hidden.
 */
export function oracleView(files: ReadonlyMap<string, Uint8Array>, load: BoardLoad, kit: KitParts): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [p, bytes] of files) {
    if (kit.isKitPath(p)) continue;
    if (p === load.config.path && same(bytes, load.config.board)) out.set(p, load.config.scenario);
    else if (p === 'boot.py' && same(bytes, load.bootPy.board)) out.set(p, load.bootPy.device);
    else out.set(p, bytes);
  }
  return withoutFirmware(out, load.hidden);
}
