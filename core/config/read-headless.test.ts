import { describe, expect, it } from 'vitest';
import { errorFor, validate } from './test-helpers.ts';

describe('status_led', () => {
  it('is off unless set to true, and no longer warned about', () => {
    expect(validate({}).config.status_led).toBe(false);
    const on = validate({ status_led: true });
    expect(on.config.status_led).toBe(true);
    expect(on.warnings).toEqual([]);
  });

  it('refuses anything but true or false, saying how to write it', () => {
    expect(errorFor({ status_led: 'yes' }).message).toContain('"status_led" must be true or false');
  });

  it('points the predecessor\'s status_led_pin at it', () => {
    expect(validate({ status_led_pin: 25 }).warnings.join('\n')).toContain('"status_led": true');
  });
});
