/**
 * Bytes → a scenario file content (docs/scenario-format.md "File content"): UTF-8 text as a
 * string, anything else as `{base64}`. Text holding `${` is written base64 too: in `device.files`
 * it would be read as a placeholder (state/placeholders.ts), and one rule for every file is simpler.
 */
import type { FileContent } from '../../sim/github/spec.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

export function fileContent(bytes: Uint8Array): FileContent {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
  // A BOM would be dropped by the decoder; NUL and `${` are kept exact only as base64.
  if (text.includes('${') || text.includes('\0') || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
  return text;
}
