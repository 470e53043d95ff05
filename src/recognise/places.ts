// STUB (owned by the places helper): place recognition over cleaned text.
import type { PlaceMention } from './types.js';

export interface PlaceContext {
  /** admin1 names already known for the document (from other mentions), to settle ambiguous names */
  admin1Hints?: string[];
}

/** Every place mention in the text, with its gazetteer entry and geo_precision. */
export function recognisePlaces(text: string, context: PlaceContext = {}): PlaceMention[] {
  void text;
  void context;
  return [];
}
