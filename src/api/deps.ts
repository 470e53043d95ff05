import type { Store } from '../store/types.js';
import type { IngestOptions } from '../ingest/index.js';

/** What the route groups share. */
export interface Deps {
  store: Store;
  /** options for ingest (e.g. whether URLs may point at private addresses) */
  ingest: IngestOptions;
  /** largest multipart upload in bytes */
  uploadLimit: number;
}
