// Border crossings by province and neighbour (data/places/borders.tsv): where an event "on the Turkish
// border" in a province is coded when the report names no place finer than the province.
import { readFileSync } from 'node:fs';
import { PLACES_DIR, placeById, type GazetteerPlace } from './places.js';

export interface BorderCrossing {
  admin1: string;
  neighbour: string;
  /** lower-case words that name the neighbour ("turkey", "turkish") */
  cues: string[];
  place: GazetteerPlace;
}

let cached: BorderCrossing[] | undefined;

/** Every crossing in data/places/borders.tsv whose place is known. */
export function borderCrossings(): BorderCrossing[] {
  if (cached) return cached;
  const lines = readFileSync(PLACES_DIR + 'borders.tsv', 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const head = lines[0]!.split('\t');
  const col = (name: string): number => head.indexOf(name);
  cached = [];
  for (const l of lines.slice(1)) {
    const c = l.split('\t').map((x) => x.trim());
    const place = placeById(c[col('place_id')] ?? '');
    if (!place) continue;
    cached.push({
      admin1: c[col('admin1')]!,
      neighbour: c[col('neighbour')]!,
      cues: (c[col('cues')] ?? '').split('|').map((w) => w.trim().toLowerCase()).filter(Boolean),
      place,
    });
  }
  return cached;
}
