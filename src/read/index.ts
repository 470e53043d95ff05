// STUB (owned by the read/clean helper): the readers' contract.
import type { InputDocument } from '../model/index.js';

/** One item out of the readers: a document, or a one-line error naming the file (and line). */
export type ReadItem =
  | { kind: 'document'; input: InputDocument; origin: string }
  | { kind: 'error'; origin: string; message: string };

/**
 * Reads files, directories (recursive), `-` for stdin: .txt, .html/.htm, .jsonl.
 * Streams: memory stays flat however many documents there are.
 */
export async function* readInputs(paths: string[]): AsyncGenerator<ReadItem> {
  void paths;
}
