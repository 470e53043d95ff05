// Measures place recognition against gold event locations.
//
//   node --import tsx scripts/place-recall.ts [--misses] [--set acled|articles|seeds|all]
//
// For each gold event: is its admin1 among the document's place mentions, is a mention within 25 km of its
// coordinates, and does the "primary" mention (primaryPlace) match? Reads the dev sets from ../shared
// (never copied into the repo) and the seeds from samples/.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recognisePlaces, primaryPlace, admin1Vote } from '../src/recognise/places.js';
import { distanceKm } from '../src/knowledge/places.js';
import type { PlaceMention } from '../src/recognise/types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
const showMisses = process.argv.includes('--misses');
const seti = process.argv.indexOf('--set');
const which = seti > 0 ? process.argv[seti + 1]! : 'all';

interface Gold { doc: string; admin1?: string; latitude?: number; longitude?: number; location?: string; geo_precision?: number; optional?: boolean; quote?: string }

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

function evaluate(name: string, docs: Map<string, string>, gold: Gold[]): void {
  let n = 0, nLoc = 0, a1Any = 0, locAny = 0, a1Best = 0, a1Vote = 0, locBest = 0, precOk = 0, nPrec = 0;
  const misses: string[] = [];
  const cache = new Map<string, PlaceMention[]>();
  let ms = 0;
  for (const g of gold) {
    if (g.optional) continue;
    const text = docs.get(g.doc);
    if (text === undefined) continue;
    let mentions = cache.get(g.doc);
    if (!mentions) {
      const t0 = performance.now();
      mentions = recognisePlaces(text);
      ms += performance.now() - t0;
      cache.set(g.doc, mentions);
    }
    const best = primaryPlace(mentions);
    if (g.admin1) {
      n++;
      const any = mentions.some((m) => m.place.admin1 === g.admin1);
      if (any) a1Any++;
      if (best?.place.admin1 === g.admin1) a1Best++;
      if (admin1Vote(mentions) === g.admin1) a1Vote++;
      if (!any && showMisses) misses.push(`ADMIN1 ${g.doc} gold=${g.admin1}/${g.location} got=[${mentions.map((m) => `${m.text}→${m.place.name}/${m.place.admin1}`).join('; ')}] :: ${text.slice(0, 160).replace(/\n/g, ' ')}`);
    }
    if (typeof g.latitude === 'number' && typeof g.longitude === 'number') {
      nLoc++;
      const gp = { lat: g.latitude, lon: g.longitude };
      const any = mentions.some((m) => distanceKm(m.place, gp) <= 25);
      if (any) locAny++;
      const bestOk = best !== undefined && distanceKm(best.place, gp) <= 25;
      if (bestOk) locBest++;
      if (!any && showMisses) misses.push(`LOC ${g.doc} gold=${g.location} (${g.latitude},${g.longitude}) got=[${mentions.map((m) => `${m.text}→${m.place.name}/${m.place.admin1}@${m.place.lat.toFixed(2)},${m.place.lon.toFixed(2)}`).join('; ')}] :: ${text.slice(0, 200).replace(/\n/g, ' ')}`);
      else if (!bestOk && showMisses) misses.push(`BEST ${g.doc} gold=${g.location} best=${best?.text}→${best?.place.name} :: ${text.slice(0, 200).replace(/\n/g, ' ')}`);
      if (g.geo_precision && bestOk) {
        nPrec++;
        if (best!.precision === g.geo_precision) precOk++;
      }
    }
  }
  const pct = (a: number, b: number): string => (b ? (a / b).toFixed(3) : '-');
  console.log(
    `${name}: events ${n} | admin1 among mentions ${pct(a1Any, n)} | admin1 of primary ${pct(a1Best, n)} | admin1Vote ${pct(a1Vote, n)} | ` +
      `location ≤25 km among mentions ${pct(locAny, nLoc)} (${nLoc}) | primary ≤25 km ${pct(locBest, nLoc)} | ` +
      `precision of primary = gold ${pct(precOk, nPrec)} | ${cache.size} docs in ${ms.toFixed(0)} ms`,
  );
  for (const m of misses) console.log('  ' + m);
}

if (which === 'all' || which === 'acled') {
  const f = join(shared, 'dev', 'acled-syria-2018-dev.docs.jsonl');
  if (existsSync(f)) {
    const docs = new Map(readJsonl<{ id: string; text: string }>(f).map((d) => [d.id, d.text]));
    evaluate('acled-dev', docs, readJsonl<Gold>(join(shared, 'dev', 'acled-syria-2018-dev.gold.jsonl')));
  } else console.log(`acled-dev: ${f} not found`);
}
if (which === 'all' || which === 'articles') {
  const f = join(shared, 'dev', 'articles-dev.docs.jsonl');
  if (existsSync(f)) {
    const docs = new Map(readJsonl<{ id: string; text: string }>(f).map((d) => [d.id, d.text]));
    evaluate('articles-dev', docs, readJsonl<Gold>(join(shared, 'dev', 'articles-dev.gold.jsonl')));
  } else console.log(`articles-dev: ${f} not found`);
}
if (which === 'all' || which === 'seeds') {
  const gold = readJsonl<Gold>(join(root, 'samples', 'seeds.gold.jsonl'));
  const docs = new Map<string, string>();
  for (const g of gold) docs.set(g.doc, readFileSync(join(root, 'samples', 'seeds', g.doc), 'utf8'));
  evaluate('seeds', docs, gold);
}
