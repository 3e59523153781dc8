/** Led: the status LED (Pico W: Pin("LED") on the wireless chip). */
export interface Led {
  set(on: boolean): void;
}
