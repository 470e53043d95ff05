// CPU time of extraction on the ACLED dev notes, one core, after a warm-up; the places
// recogniser and the cleaner are timed apart so each stage's share shows.
//   node --import tsx scripts/bench-extract.ts [../shared/dev/acled-syria-2018-dev.docs.jsonl]
import { readFileSync } from 'node:fs';
import { extract } from '../src/pipeline/extract.js';
import { clean } from '../src/clean/index.js';
import { recognisePlaces } from '../src/recognise/places.js';
import type { InputDocument } from '../src/model/index.js';

const file = process.argv[2] ?? new URL('../../shared/dev/acled-syria-2018-dev.docs.jsonl', import.meta.url).pathname;
const docs = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as InputDocument);
const cpu = (f: () => void): number => {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};
for (const d of docs) extract(d); // warm-up: knowledge loaded, code optimised
const rounds = 3;
let all = 0;
let cl = 0;
let pl = 0;
const cleaned = docs.map((d) => clean(d));
for (let r = 0; r < rounds; r++) {
  all += cpu(() => docs.forEach((d) => extract(d)));
  cl += cpu(() => docs.forEach((d) => clean(d)));
  pl += cpu(() => cleaned.forEach((d) => recognisePlaces(d.text, {})));
}
const per = (ms: number) => ((docs.length * rounds) / ms) * 1000;
console.log(`extract: ${per(all).toFixed(0)} docs/s of CPU (${(all / rounds).toFixed(0)} ms for ${docs.length} docs)`);
console.log(`  clean ${(cl / rounds).toFixed(0)} ms, places ${(pl / rounds).toFixed(0)} ms, the rest ${((all - cl - pl) / rounds).toFixed(0)} ms (${per(all - cl - pl).toFixed(0)} docs/s)`);
