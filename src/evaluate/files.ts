/** Gold and system files for the scorer: JSON Lines, one event a line; a bad line is a one-line error. */
import { readFile } from 'node:fs/promises';
import type { Row } from './score.js';

export class EventFileError extends Error {}

export function parseEventLines(text: string, name: string): Row[] {
  const rows: Row[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    let o: unknown;
    try {
      o = JSON.parse(l);
    } catch {
      throw new EventFileError(`${name}:${i + 1}: not JSON`);
    }
    if (!o || typeof o !== 'object' || Array.isArray(o)) throw new EventFileError(`${name}:${i + 1}: not a JSON object`);
    rows.push(o as Row);
  }
  return rows;
}

export async function readEventsFile(path: string): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new EventFileError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read it (${code})`}`);
  }
  return parseEventLines(text, path);
}
