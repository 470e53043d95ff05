/** One document through the pipeline, as the pool runs it: never throws, reports what went wrong. */
import type { InputDocument, SitrepEvent } from '../model/index.js';
import { extract } from '../pipeline/extract.js';
import { extractBatch } from '../pipeline/batch.js';

export interface DocResult {
  id: string;
  events: SitrepEvent[];
  /** the document's language; only English is coded */
  language: string;
  /** set when the engine failed on this document (a bug, not the user's mistake) */
  error?: string;
}

/** Languages the extraction engine codes. */
export const CODED_LANGUAGES = new Set(['en']);

export function runDocument(input: InputDocument): DocResult {
  try {
    const { document, events } = extract(input);
    const language = document.language || 'en';
    if (!CODED_LANGUAGES.has(language)) return { id: input.id, events: [], language };
    return { id: input.id, events, language };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { id: input.id, events: [], language: 'en', error: `extraction failed (${msg.split('\n')[0]})` };
  }
}

/** A batch of documents through the pipeline together (pipeline/batch.ts), as the pool runs it: never throws. */
export function runBatch(inputs: InputDocument[]): DocResult[] {
  return extractBatch(inputs).map((r, i) => {
    const id = inputs[i]!.id;
    if (!r.extraction) return { id, events: [], language: 'en', error: r.error };
    const language = r.extraction.document.language || 'en';
    if (!CODED_LANGUAGES.has(language)) return { id, events: [], language };
    return { id, events: r.extraction.events, language };
  });
}
