import { describe, expect, it } from 'vitest';
import { DeviceStopped } from '../ports/system.ts';
import { isNetworkFailure } from './network-error.ts';

describe('isNetworkFailure', () => {
  it('counts a dropped connection', () => {
    expect(isNetworkFailure(new TypeError('fetch failed'))).toBe(true);
  });

  it('lets every stop of the device through, whatever the port calls it', () => {
    class Brownout extends DeviceStopped {}
    expect(isNetworkFailure(new Brownout('brownout'))).toBe(false);
  });

  it('does not mistake an error for a stop of the device because of its name', () => {
    // core knows the simulator only through its ports: a name is not a contract.
    const err = Object.assign(new TypeError('fetch failed'), { name: 'PowerLoss' });
    expect(isNetworkFailure(err)).toBe(true);
  });
});
