/**
 * The fleet's one virtual clock: a queue of wake-ups, earliest first. Equal times (every board
 * a rate limit refused wakes at the same reset second) go by `tie`, a number the runner draws from
 * the seed per wake — whose request reaches GitHub first is luck, and the same few boards must not
 * win every time — then by device, so a run is the same whatever order wakes were queued in. A
 * binary heap: a 1,000-board, 48-hour run queues ~50,000 wakes.
 */
export interface Wake {
  atMs: number;
  device: number;
  /** Orders wakes at the same instant (default 0). */
  tie?: number;
}

const before = (a: Wake, b: Wake) =>
  a.atMs < b.atMs || (a.atMs === b.atMs && ((a.tie ?? 0) < (b.tie ?? 0) || ((a.tie ?? 0) === (b.tie ?? 0) && a.device < b.device)));

export class WakeQueue {
  readonly #heap: Wake[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(w: Wake): void {
    const h = this.#heap;
    h.push(w);
    let i = h.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!before(h[i]!, h[up]!)) break;
      [h[i], h[up]] = [h[up]!, h[i]!];
      i = up;
    }
  }

  peek(): Wake | undefined {
    return this.#heap[0];
  }

  pop(): Wake | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
