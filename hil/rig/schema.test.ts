// The JSON Schema and the TypeScript types describe the same rig file: each object below is typed
// with Required<…>, so a field added to the types fails to compile here until it is added to the
// literal, and then fails validation until it is added to schema.json.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadRig, parseRig } from './parse-rig.ts';
import type { BoardSpec, LanSpec, PowerSpec, RigFile } from './types.ts';

const uhubctl: Required<Extract<PowerSpec, { driver: 'uhubctl' }>> = { driver: 'uhubctl', hub: '2-1.4', port: 4, group: 'g1', repeat: 10 };
const command: Required<Extract<PowerSpec, { driver: 'command' }>> = { driver: 'command', on: 'relay on', off: 'relay off', timeoutMs: 2000, group: 'g2' };
const manual: Required<Extract<PowerSpec, { driver: 'manual' }>> = { driver: 'manual', group: 'g3' };
const virtual: Required<Extract<PowerSpec, { driver: 'virtual' }>> = { driver: 'virtual' };
const full: Required<Omit<BoardSpec, 'port'>> = { id: 'b1', serial: 'S1', uart: 'tcp://127.0.0.1:7000', power: uhubctl };
const lan: Required<LanSpec> = { bind: '10.0.0.1', advertise: '10.0.0.1', port: 8470 };
const file: Required<RigFile> = {
  version: 1,
  lan,
  wifi: { ssid_env: 'S', password_env: 'P' },
  boards: [full, { id: 'b2', port: '/dev/ttyACM0', power: command }, { id: 'b3', port: 'COM3', power: manual }, { id: 'b4', power: virtual }],
};

describe('rig schema and types agree', () => {
  it('a file using every field parses to the same boards', () => {
    const rig = parseRig(stringify(file), 'full.yaml');
    expect(rig.boards).toEqual(file.boards);
    expect(rig.lan).toEqual(lan);
  });

  it('the example rig file is valid', () => {
    const rig = loadRig(new URL('./example.yaml', import.meta.url).pathname);
    expect(rig.boards.map((b) => b.id)).toEqual(['pico1', 'pico2', 'pico3']);
  });
});
