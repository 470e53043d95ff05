// STUB (owned by the extraction helper): replaced with the real pipeline.
import type { CleanDocument, InputDocument, SitrepEvent } from '../model/index.js';
import { clean } from '../clean/index.js';

export interface Extraction {
  document: CleanDocument;
  events: SitrepEvent[];
}

export function extract(input: InputDocument): Extraction {
  const document = clean(input);
  return { document, events: [] };
}
