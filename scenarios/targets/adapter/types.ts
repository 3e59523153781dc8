/**
 * The adapter file (`otalab-updater.yaml`, version 1; docs/updater-adapter.md): how the lab runs a
 * MicroPython updater that is not ours — how it starts each boot, how the app signals health,
 * where it records the installed version, which files are its own state, and its config.
 */
export const ADAPTER_FILE = 'otalab-updater.yaml';

export interface PyCall {
  /** The module to import (`ota_main`, `lib.ota`). */
  module: string;
  /** The function of that module to call, without arguments. */
  function: string;
}

export interface UpdaterAdapter {
  adapter: 1;
  /** How the updater runs each boot: a file run as boot.py, or a call. */
  start: { bootPy: string } | { call: PyCall };
  /** How the app confirms a new version is healthy (absent: the updater has no such notion). */
  health?: { call: PyCall };
  /** Which file and keys hold the installed version (commit) and ref. */
  version: { file: string; key: string; refKey: string };
  /** The updater's own files and dirs (`dir/` for a whole dir): hidden from the oracle. */
  state: string[];
  /** Source path in the updater dir → path on the board. */
  installAs: Record<string, string>;
  /** Files of the updater dir not put on the board (docs, host tools). */
  leaveOff: string[];
  /** The config file the updater reads, and keys the lab sets in it over the scenario's. */
  config: { file: string; set: Record<string, unknown> };
}

/** The adapter our own updater (device/) would have: it runs from boot.py and confirms via otalab.confirm(). */
export const DEFAULTS: Omit<UpdaterAdapter, 'start'> = {
  adapter: 1,
  version: { file: 'version.json', key: 'commit', refKey: 'ref' },
  state: [],
  installAs: {},
  leaveOff: [],
  config: { file: 'ota_config.json', set: {} },
};
