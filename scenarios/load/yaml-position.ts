/** Maps a key path inside the parsed value back to the YAML source, so problems carry line:col. */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { KeyPath } from './scenario-error.ts';

export interface Position {
  line: number;
  col: number;
}

function keyText(key: unknown): string | null {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return null;
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/**
 * The position of `path`'s value (or of its key when `atKey`). A path that does not exist in the
 * source (a missing key) resolves to the deepest node that does, which is where the fix goes.
 */
export function positionOf(doc: Document, lineCounter: LineCounter, path: KeyPath, atKey = false): Position {
  let node: unknown = doc.contents;
  let best: unknown = node;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    node = deref(doc, node);
    let next: unknown = undefined;
    let keyNode: unknown = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (pair !== undefined) {
        next = pair.value;
        keyNode = pair.key;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (next === undefined && keyNode === undefined) break;
    const last = i === path.length - 1;
    best = last && atKey && keyNode !== undefined ? keyNode : (next ?? keyNode);
    node = next;
  }
  const range = (best as Node | null | undefined)?.range;
  if (range === undefined || range === null) return { line: 1, col: 1 };
  return lineCounter.linePos(range[0]);
}
