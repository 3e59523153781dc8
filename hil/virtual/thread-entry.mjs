// Worker threads do not inherit the tsx loader of their process: register it, then run the entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
