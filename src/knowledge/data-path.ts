import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/**
 * The package's data/ folder, found relative to this module so that it works from
 * src/ (tsx) and from dist/ alike: both sit one level below the package root.
 */
export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/** Reads and parses one JSON data file under data/. */
export function readDataJson<T>(name: string): T {
  const path = join(DATA_DIR, name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new Error(`cannot load knowledge file ${path}: ${(err as Error).message}`);
  }
}
