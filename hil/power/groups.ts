/**
 * Power groups: boards that lose power together (a ganged hub, one relay for several boards).
 * A running board holds its group; cutting a group another running board holds would crash that
 * board mid-test and be blamed on its updater, so it is refused.
 */
import type { BoardSpec } from '../rig/types.ts';
import { PowerError } from './types.ts';

/** The board's power group: the one it names, else a group of its own. */
export function groupOf(board: BoardSpec): string {
  const named = board.power.driver === 'virtual' ? undefined : board.power.group;
  return named ?? `board:${board.id}`;
}

export interface GroupLease {
  readonly group: string;
  readonly boardId: string;
  release(): void;
}

export class PowerGroups {
  readonly #holders = new Map<string, string>();

  /** The board holding `group`, if any. */
  holderOf(group: string): string | undefined {
    return this.#holders.get(group);
  }

  /** Marks `boardId` as running on `group`; refused while another board holds it. */
  acquire(group: string, boardId: string, driver = 'group'): GroupLease {
    const holder = this.#holders.get(group);
    if (holder !== undefined && holder !== boardId) {
      throw new PowerError(driver, boardId, `power group "${group}" is held by running board ${holder}, and cutting it would cut ${holder} too`, `run boards that share a group one after the other, or give each its own power switch`);
    }
    this.#holders.set(group, boardId);
    let released = false;
    return {
      group,
      boardId,
      release: () => {
        if (released) return;
        released = true;
        if (this.#holders.get(group) === boardId) this.#holders.delete(group);
      },
    };
  }

  /** Throws unless `boardId` may cut `group` now (nobody else holds it). */
  assertMayCut(group: string, boardId: string, driver: string): void {
    const holder = this.#holders.get(group);
    if (holder !== undefined && holder !== boardId) {
      throw new PowerError(driver, boardId, `refusing to cut power group "${group}": running board ${holder} shares it`, `wait until ${holder} has finished, or give the boards separate power switches`);
    }
  }
}
