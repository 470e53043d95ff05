// STUB (owned by the read/clean helper): replaced with the real cleaner.
import type { CleanDocument, InputDocument } from '../model/index.js';

export function clean(input: InputDocument): CleanDocument {
  return {
    id: input.id,
    url: input.url ?? null,
    text: input.text ?? input.html ?? '',
    title: input.title ?? null,
    outlets: input.source ? input.source.split(/;\s*/).filter(Boolean) : [],
    published: input.published ?? null,
    language: 'en',
  };
}
