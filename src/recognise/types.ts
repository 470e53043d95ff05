/** What recognisers find in a cleaned text. Offsets are into CleanDocument.text. */
export interface Mention {
  start: number;
  end: number;
  text: string;
}

export interface ActorMention extends Mention {
  /** canonical ACLED-style name, e.g. "HTS: Hayat Tahrir al-Sham" */
  actor: string;
  /** ACLED inter code 1..8 */
  inter: number;
  /** true for descriptions ("regime forces", "unknown gunmen") rather than names */
  description: boolean;
}

export interface Place {
  name: string; // display name, e.g. "Jisr al-Shughur"
  country: string; // "Syria"
  admin1: string; // OCHA spelling: "Idleb", "Lattakia", ...
  admin2: string;
  admin3: string;
  lat: number;
  lon: number;
  /** town | village | city | admin1 | admin2 | mountain | plain | road | region | ... */
  kind: string;
  population: number;
}

export interface PlaceMention extends Mention {
  place: Place;
  /** geo_precision: 1 the named town, 2 near a town / part of a region, 3 a larger region only */
  precision: 1 | 2 | 3;
  /** other readings that were considered (for ambiguous names) */
  alternatives?: Place[];
  /** the name matched a transliteration variant only, not one of the place's spellings (a likelier mistake) */
  inexact?: boolean;
}

export interface DateMention extends Mention {
  date: string; // YYYY-MM-DD
  /** time_precision: 1 day, 2 week/span, 3 month or coarser */
  precision: 1 | 2 | 3;
  relative: boolean;
}

export interface QuantityMention extends Mention {
  value: number;
  /** vague counts ("dozens", "several") take ACLED's figure; the note says so */
  vague: boolean;
}
