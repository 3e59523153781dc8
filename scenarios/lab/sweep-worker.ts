/** One sweep worker: runs shards of sweeps on request, reporting progress and results to the pool. */
import { parentPort } from 'node:worker_threads';
import { targetFromSpec } from '../targets/index.ts';
import { judgeFor } from './context.ts';
import { sweep } from './sweep.ts';
import type { ShardRequest, WorkerMessage } from './sweep-pool.ts';

const port = parentPort;
if (!port) throw new Error('Failed to start sweep worker: not in a worker thread');

port.on('message', async (req: ShardRequest) => {
  const send = (m: WorkerMessage) => port.postMessage(m);
  try {
    const result = await sweep(targetFromSpec(req.target), req.scenario, req.file, {
      seed: req.seed,
      maxBoots: req.maxBoots,
      judge: judgeFor(req.scenario),
      shard: req.shard,
      budgetMs: req.budgetMs,
      maxFailures: req.maxFailures,
      onPoint: (done, total) => {
        if (done % 8 === 0 || done === total) send({ id: req.id, kind: 'point', done, total });
      },
    });
    send({ id: req.id, kind: 'done', result });
  } catch (err) {
    send({ id: req.id, kind: 'error', message: (err as Error).stack ?? String(err) });
  }
});
