// Worker threads do not inherit the tsx loader of their process: register it, then run the CPU.
import { register } from 'tsx/esm/api';

register();
await import('./cpu.ts');
