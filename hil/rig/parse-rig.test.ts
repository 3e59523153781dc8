import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../scenarios/load/read-text.ts';
import { InvalidRigError, loadRig, parseRig } from './parse-rig.ts';
import { rigFor, virtualRig } from './virtual-rig.ts';

const VALID = `version: 1
lan: { bind: 0.0.0.0, advertise: 192.168.7.1, port: 8470 }
wifi: { ssid_env: OTALAB_WIFI_SSID, password_env: OTALAB_WIFI_PASSWORD }
boards:
  - id: pico1
    serial: E6614104033F2A28
    uart: /dev/ttyUSB0
    power: { driver: uhubctl, hub: "1-1", port: 2, group: hub1 }
  - id: pico2
    port: rfc2217://lab.local:4000
    power: { driver: command, on: "relay 1 on", off: "relay 1 off", timeoutMs: 3000 }
  - id: pico3
    port: tcp://10.0.0.5:2217
    power: { driver: manual }
`;

function problems(text: string): string[] {
  try {
    parseRig(text, 'rig.yaml');
  } catch (err) {
    if (err instanceof InvalidRigError) return err.problems.map((p) => p.toString());
    throw err;
  }
  throw new Error('expected the rig to be rejected');
}

describe('parseRig', () => {
  it('reads every driver and URL form, renames wifi, keeps the lan', () => {
    const rig = parseRig(VALID, 'rig.yaml');
    expect(rig.lan).toEqual({ bind: '0.0.0.0', advertise: '192.168.7.1', port: 8470 });
    expect(rig.wifi).toEqual({ ssidEnv: 'OTALAB_WIFI_SSID', passwordEnv: 'OTALAB_WIFI_PASSWORD' });
    expect(rig.boards.map((b) => [b.id, b.serial ?? b.port, b.power.driver])).toEqual([
      ['pico1', 'E6614104033F2A28', 'uhubctl'],
      ['pico2', 'rfc2217://lab.local:4000', 'command'],
      ['pico3', 'tcp://10.0.0.5:2217', 'manual'],
    ]);
    expect(rig.boards[0]!.power).toEqual({ driver: 'uhubctl', hub: '1-1', port: 2, group: 'hub1' });
  });

  it('defaults the lan to 127.0.0.1 on any port', () => {
    const rig = parseRig('version: 1\nboards: [{id: a, port: /dev/ttyACM0, power: {driver: manual}}]\n', 'r.yaml');
    expect(rig.lan).toEqual({ bind: '127.0.0.1', advertise: '127.0.0.1', port: 0 });
    expect(rig.wifi).toBeUndefined();
  });

  it('unknown keys get a did-you-mean and the key position', () => {
    const text = VALID.replace('    serial: E66', '    serail: E66').replace('group: hub1', 'grup: hub1');
    expect(problems(text)).toEqual([
      'rig.yaml:6:5: boards[0].serail: unknown key "serail"; did you mean "serial"?',
      'rig.yaml:8:52: boards[0].power.grup: unknown key "grup"; did you mean "group"?',
    ]);
  });

  it('an unknown power driver is named with its position and a suggestion', () => {
    expect(problems(VALID.replace('driver: uhubctl', 'driver: uhubctrl'))).toEqual([
      'rig.yaml:8:22: boards[0].power.driver: must be one of "uhubctl", "command", "manual", "virtual" (got "uhubctrl"); did you mean "uhubctl"?',
    ]);
  });

  it('checks each driver\'s own keys: a command driver without "off", a uhubctl port that is not a number', () => {
    const text = VALID.replace(', off: "relay 1 off"', '').replace('port: 2,', 'port: two,');
    expect(problems(text)).toEqual([
      'rig.yaml:8:49: boards[0].power.port: must be an integer (got "two")',
      'rig.yaml:11:12: boards[1].power: missing required key "off"',
    ]);
  });

  it('rejects port URLs it cannot open', () => {
    expect(problems(VALID.replace('rfc2217://lab.local:4000', 'telnet://lab:4000'))).toEqual([
      'rig.yaml:10:11: boards[1].port: must be a local serial path (/dev/ttyACM0, /dev/serial/by-id/…), rfc2217://host:port or tcp://host:port (got "telnet://lab:4000")',
    ]);
  });

  it('a literal Wi-Fi password is an error that points at password_env, and never echoes the value', () => {
    const text = VALID.replace('password_env: OTALAB_WIFI_PASSWORD', 'password: hunter2secret');
    const got = problems(text);
    expect(got).toEqual([
      'rig.yaml:3:7: wifi: missing required key "password_env"',
      'rig.yaml:3:37: wifi.password: a Wi-Fi password never goes in the rig file: put it in an environment variable and name that variable with "password_env"',
    ]);
    expect(got.join('\n')).not.toContain('hunter2secret');
  });

  it('a value in password_env that is not a variable name is not echoed either', () => {
    const got = problems(VALID.replace('password_env: OTALAB_WIFI_PASSWORD', 'password_env: "my secret!"'));
    expect(got).toEqual(['rig.yaml:3:51: wifi.password_env: must be the name of an environment variable (letters, digits, _), not its value']);
  });

  it('a wifi section that is a bare value is not echoed', () => {
    expect(problems(VALID.replace(/^wifi: .*$/m, 'wifi: hunter2secret'))).toEqual(['rig.yaml:3:7: wifi: must be a mapping (key: value)']);
  });

  it('a board needs exactly one of serial and port', () => {
    const text = VALID.replace('    port: tcp://10.0.0.5:2217\n', '').replace('    port: rfc2217://lab.local:4000\n', '    serial: AB12\n    port: rfc2217://lab.local:4000\n');
    expect(problems(text)).toEqual([
      'rig.yaml:11:11: boards[1].port: give either "serial" or "port", not both (serial is preferred: boards re-enumerate)',
      'rig.yaml:13:5: boards[2]: says neither where the board is: add "serial" (its USB serial number, see `otalab hil boards`) or "port" (a path or URL)',
    ]);
  });

  it('duplicate ids and hub ports are errors at the second one', () => {
    const text = VALID.replace('id: pico2', 'id: pico1').replace('    power: { driver: manual }', '    power: { driver: uhubctl, hub: "1-1", port: 2 }');
    expect(problems(text)).toEqual([
      'rig.yaml:9:9: boards[1].id: this id is also used by boards[0] (pico1)',
      'rig.yaml:14:49: boards[2].power.port: this hub port is also used by boards[0] (pico1)',
    ]);
  });

  it('a wildcard bind needs an advertised address', () => {
    expect(problems(VALID.replace(' advertise: 192.168.7.1,', ''))).toEqual([
      'rig.yaml:2:14: lan.bind: 0.0.0.0 listens on every address: say which one the boards should use with "advertise"',
    ]);
  });

  it('YAML syntax errors carry their position', () => {
    expect(problems('version: 1\nboards: [\n')[0]).toMatch(/^rig\.yaml:3:1: YAML syntax: /);
  });

  it('version and boards are required', () => {
    expect(problems('lan: {port: 1}\n')).toEqual(['rig.yaml:1:1: missing required key "version"', 'rig.yaml:1:1: missing required key "boards"']);
  });
});

describe('loadRig and --rig', () => {
  it('loads a file and says plainly when it is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otalab-rig-'));
    try {
      writeFileSync(join(dir, 'rig.yaml'), VALID);
      expect(loadRig(join(dir, 'rig.yaml')).boards).toHaveLength(3);
      expect(rigFor(join(dir, 'rig.yaml')).file).toBe(join(dir, 'rig.yaml'));
      expect(() => loadRig(join(dir, 'nope.yaml'))).toThrow(InputFileError);
      expect(() => loadRig(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`virtual` is one virtual board on 127.0.0.1', () => {
    expect(rigFor('virtual')).toEqual(virtualRig());
    expect(virtualRig().boards).toEqual([{ id: 'virtual', power: { driver: 'virtual' } }]);
    expect(virtualRig().lan.bind).toBe('127.0.0.1');
  });

  it('a virtual-driver board may omit serial and port in a rig file', () => {
    expect(parseRig('version: 1\nboards: [{id: v, power: {driver: virtual}}]\n', 'r.yaml').boards[0]!.id).toBe('v');
  });
});
