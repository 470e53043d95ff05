// Prints the events of .txt files and .jsonl documents as JSON Lines (a stand-in for
// `sitrep extract` while measuring): node --import tsx scripts/extract-jsonl.ts FILES... > out.jsonl
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { extract } from '../src/pipeline/extract.js';
import type { InputDocument } from '../src/model/index.js';

const docs: InputDocument[] = [];
for (const f of process.argv.slice(2)) {
  const raw = readFileSync(f, 'utf8');
  if (f.endsWith('.jsonl')) {
    for (const line of raw.split('\n')) if (line.trim()) docs.push(JSON.parse(line) as InputDocument);
  } else docs.push({ id: basename(f), text: raw });
}
const t0 = performance.now();
const lines: string[] = [];
for (const d of docs) for (const e of extract(d).events) lines.push(JSON.stringify(e));
const ms = performance.now() - t0;
process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''));
process.stderr.write(`${docs.length} documents, ${lines.length} events, ${ms.toFixed(0)} ms (${((docs.length / ms) * 1000).toFixed(0)} docs/s)\n`);
