/**
 * Sweeps on every core: a pool of worker threads, each running one shard (every n-th fault
 * point) of a sweep; the shards' results merge into the one result a single-threaded sweep would
 * give. Fault points are independent runs, so sharding changes nothing but the wall time.
 */
import { Worker } from 'node:worker_threads';
import type { TargetSpec } from '../target.ts';
import type { CutMode, Scenario } from '../types.ts';
import type { SweepResult } from './sweep.ts';

export interface ShardRequest {
  id: number;
  /** Every option of the parent's target: the worker rebuilds exactly that target. */
  target: TargetSpec;
  scenario: Scenario;
  file: string;
  seed?: number;
  maxBoots: number;
  shard: { index: number; count: number };
  budgetMs?: number;
  maxFailures?: number;
}

export type WorkerMessage =
  | { id: number; kind: 'point'; done: number; total: number }
  | { id: number; kind: 'done'; result: SweepResult }
  | { id: number; kind: 'error'; message: string };

export interface PoolSweepOptions {
  seed?: number;
  maxBoots: number;
  budgetMs?: number;
  maxFailures?: number;
  onPoint?: (done: number, total: number) => void;
}

interface Pending {
  resolve: (r: SweepResult) => void;
  reject: (e: Error) => void;
  onPoint: (done: number, total: number) => void;
}

interface Job {
  req: Omit<ShardRequest, 'id'>;
  pending: Pending;
}

export class SweepPool {
  readonly #workers: Worker[];
  readonly #idle: Worker[];
  readonly #queue: Job[] = [];
  readonly #pending = new Map<number, { worker: Worker } & Pending>();
  #next = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`Failed to start sweep pool: size ${size} is not a positive integer`);
    this.#workers = Array.from({ length: size }, () => {
      const w = new Worker(new URL('./sweep-worker.mjs', import.meta.url));
      w.on('message', (m: WorkerMessage) => this.#onMessage(m));
      w.on('error', (err) => this.#failAll(err));
      return w;
    });
    this.#idle = [...this.#workers];
  }

  /** One sweep split across every worker (a large sweep: the benchmark, `sim sweep`). */
  async sweep(target: TargetSpec, scenario: Scenario, file: string, opts: PoolSweepOptions): Promise<SweepResult> {
    const started = performance.now();
    const progress = Array.from({ length: this.size }, () => ({ done: 0, total: 0 }));
    const shards = progress.map((_, i) =>
      this.#submit(this.#request(target, scenario, file, opts, { index: i + 1, count: this.size }), (done, total) => {
        progress[i] = { done, total };
        opts.onPoint?.(progress.reduce((n, p) => n + p.done, 0), progress.reduce((n, p) => n + p.total, 0));
      }),
    );
    const results = await Promise.all(shards);
    return merge(results, performance.now() - started, opts.maxFailures);
  }

  /** One sweep on one worker: many small sweeps (the suite) run side by side. */
  sweepWhole(target: TargetSpec, scenario: Scenario, file: string, opts: PoolSweepOptions): Promise<SweepResult> {
    return this.#submit(this.#request(target, scenario, file, opts, { index: 1, count: 1 }), opts.onPoint ?? (() => {}));
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }

  #request(target: TargetSpec, scenario: Scenario, file: string, opts: PoolSweepOptions, shard: ShardRequest['shard']): Omit<ShardRequest, 'id'> {
    return { target, scenario, file, seed: opts.seed, maxBoots: opts.maxBoots, shard, budgetMs: opts.budgetMs, maxFailures: opts.maxFailures };
  }

  #submit(req: Omit<ShardRequest, 'id'>, onPoint: Pending['onPoint']): Promise<SweepResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ req, pending: { resolve, reject, onPoint } });
      this.#dispatch();
    });
  }

  #dispatch(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.shift()!;
      const job = this.#queue.shift()!;
      const id = this.#next++;
      this.#pending.set(id, { worker, ...job.pending });
      worker.postMessage({ id, ...job.req } satisfies ShardRequest);
    }
  }

  #onMessage(m: WorkerMessage): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    if (m.kind === 'point') return p.onPoint(m.done, m.total);
    this.#pending.delete(m.id);
    this.#idle.push(p.worker);
    if (m.kind === 'done') p.resolve(m.result);
    else p.reject(new Error(`Failed to sweep in a worker: ${m.message}`));
    this.#dispatch();
  }

  #failAll(err: Error): void {
    for (const p of this.#pending.values()) p.reject(err);
    for (const j of this.#queue) j.pending.reject(err);
    this.#pending.clear();
    this.#queue.length = 0;
  }
}

function merge(results: SweepResult[], ms: number, maxFailures = Infinity): SweepResult {
  const first = results[0]!;
  // Shards hold every n-th point: sorted by op, then mode, both lists read as one sweep's would.
  const failures = results
    .flatMap((r) => r.failures)
    .sort((a, b) => pointOrder(cutOf(a.faults)) - pointOrder(cutOf(b.faults)))
    .slice(0, maxFailures);
  const failedPoints = results.flatMap((r) => r.failedPoints).sort((a, b) => pointOrder(a) - pointOrder(b));
  const fsLossPoints = results.flatMap((r) => r.fsLossPoints).sort((a, b) => pointOrder(a) - pointOrder(b));
  return {
    clean: first.clean,
    cleanOps: first.cleanOps,
    opModes: first.opModes,
    ops: first.ops,
    total: results.reduce((n, r) => n + r.total, 0),
    explored: results.reduce((n, r) => n + r.explored, 0),
    merged: first.merged,
    notRun: 0,
    failures,
    failedPoints,
    fsLossPoints,
    maxFeedGapMs: Math.max(...results.map((r) => r.maxFeedGapMs)),
    ms,
  };
}

const MODE_ORDER: readonly CutMode[] = ['before', 'after', 'torn'];

function pointOrder(p: { op: number; mode: CutMode } | null): number {
  return p === null ? -1 : p.op * MODE_ORDER.length + MODE_ORDER.indexOf(p.mode);
}

function cutOf(faults: SweepResult['failures'][number]['faults']): { op: number; mode: CutMode } | null {
  const last = faults.at(-1);
  return last?.kind === 'power-cut' ? { op: last.op, mode: last.mode ?? 'before' } : null;
}
