// STUB (owned by the ingest helper): the contract the CLI and the API use.
import type { InputDocument } from '../model/index.js';
import type { IngestResult, Store } from '../store/types.js';

export interface IngestOptions {
  /** allow fetching private/loopback addresses (off by default) */
  allowPrivate?: boolean;
  onProgress?: (done: number, total: number | null) => void;
}

/** Extracts each document and keeps it and its events in the store. */
export async function ingestDocuments(
  store: Store,
  inputs: AsyncIterable<InputDocument> | Iterable<InputDocument>,
  opts: IngestOptions = {},
): Promise<IngestResult[]> {
  void store; void inputs; void opts;
  return [];
}
