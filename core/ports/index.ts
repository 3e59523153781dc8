import type { Battery } from './battery.ts';
import type { Clock } from './clock.ts';
import type { Flash } from './flash.ts';
import type { Http } from './http.ts';
import type { Led } from './led.ts';
import type { Log } from './log.ts';
import type { Radio } from './radio.ts';
import type { System } from './system.ts';
import type { Watchdog } from './watchdog.ts';

export type { Battery, Clock, Flash, Http, Led, Log, Radio, System, Watchdog };
export * from './flash.ts';
export * from './log.ts';
export type { HttpInit } from './http.ts';
export type { ResetCause } from './system.ts';
export { DeviceStopped } from './system.ts';

/** Everything core may touch. Optional ports are absent on hosts that lack the hardware. */
export interface Ports {
  flash: Flash;
  http: Http;
  clock: Clock;
  watchdog: Watchdog;
  system: System;
  log: Log;
  led?: Led;
  battery?: Battery;
  radio?: Radio;
}
