import { describe, expect, it } from 'vitest';
import { parseRig } from './parse-rig.ts';
import { resolveWifi, RigError } from './wifi.ts';

const rig = parseRig('version: 1\nwifi: {ssid_env: LAB_SSID, password_env: LAB_PASS}\nboards: [{id: a, port: /dev/ttyACM0, power: {driver: manual}}]\n', 'rig.yaml');

describe('resolveWifi', () => {
  it('reads the named variables', () => {
    expect(resolveWifi(rig, { LAB_SSID: 'lab', LAB_PASS: 'pw12345678' })).toEqual({ ssid: 'lab', password: 'pw12345678' });
  });

  it('says which variable is unset and what to export', () => {
    expect(() => resolveWifi(rig, { LAB_SSID: 'lab' })).toThrow(RigError);
    expect(() => resolveWifi(rig, { LAB_SSID: 'lab' })).toThrow('rig.yaml: wifi names LAB_PASS, but it is not set in the environment: export LAB_PASS=… before running');
    expect(() => resolveWifi(rig, {})).toThrow(/LAB_SSID and LAB_PASS, but they are not set/);
  });

  it('an empty SSID is refused, an open network (empty password) is not', () => {
    expect(() => resolveWifi(rig, { LAB_SSID: '', LAB_PASS: 'x' })).toThrow(/LAB_SSID \(wifi.ssid_env\) is set but empty/);
    expect(resolveWifi(rig, { LAB_SSID: 'open', LAB_PASS: '' })).toEqual({ ssid: 'open', password: '' });
  });

  it('a rig without wifi needs none', () => {
    expect(resolveWifi({ ...rig, wifi: undefined }, {})).toBeNull();
  });
});
