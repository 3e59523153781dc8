/**
 * Progress for long runs, on stderr so that stdout stays parseable: a live bar on a terminal,
 * one line per scenario otherwise (CI logs).
 */
import cliProgress from 'cli-progress';
import type { ScenarioReport } from '../../scenarios/lab/suite.ts';

export interface Progress {
  scenario(name: string, index: number, total: number): void;
  point(done: number, total: number): void;
  done(report: ScenarioReport): void;
  stop(): void;
}

/** `bars: false` when scenarios run side by side: one live bar cannot follow several of them. */
export function progressBar(enabled: boolean, bars = true): Progress {
  const tty = enabled && bars && process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  let label = '';
  return {
    scenario(name, index, total) {
      label = `[${index + 1}/${total}] ${name}`;
      if (tty) {
        bar?.stop();
        bar = new cliProgress.SingleBar(
          { format: `${label.padEnd(44)} {bar} {value}/{total} fault points`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1, 0);
      }
    },
    point(done, total) {
      if (!bar) return;
      bar.setTotal(total);
      bar.update(done);
    },
    done(r) {
      bar?.stop();
      bar = null;
      if (!enabled) return;
      const fat = r.sweep && r.sweep.fsLosses > 0 ? `, ${r.sweep.fsLosses} FAT losses` : '';
      const sweep = r.sweep ? `${r.sweep.explored} fault points, ${r.sweep.violations} violations${fat}` : r.invalid !== undefined ? 'invalid scenario file' : 'no sweep';
      const mark = r.status === 'passed' ? 'ok  ' : r.status === 'failed' ? 'FAIL' : r.status === 'fs-loss' ? 'FAT ' : r.status === 'error' ? 'ERR ' : 'skip';
      const why = r.skipReason ?? r.targetError;
      process.stderr.write(`${mark} ${r.name.padEnd(44)} ${r.status === 'error' ? 'rig error, no verdict' : sweep} (${(r.ms / 1000).toFixed(1)} s)${why ? ` — ${why}` : ''}\n`);
    },
    stop() {
      bar?.stop();
    },
  };
}
