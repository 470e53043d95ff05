// Output formats: CSV in ACLED's column order (RFC 4180, no spreadsheet formulas), GeoJSON, JSON Lines, streaming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACLED_COLUMNS, SITREP_COLUMNS, type SitrepEvent } from '../../src/model/index.js';
import { createWriter, csvCell, csvHeader, csvRow, toCsv, toGeoJson, toJsonl } from '../../src/output/index.js';

function event(over: Partial<SitrepEvent> = {}): SitrepEvent {
  return {
    doc: '003_8f871535d99a6baf.txt',
    event_date: '2023-07-07',
    time_precision: 1,
    event_type: 'Battles',
    sub_event_type: 'Armed clash',
    actor1: 'HTS: Hayat Tahrir al-Sham',
    assoc_actor_1: '',
    inter1: 2,
    actor2: 'Military Forces of Syria (2000-2024)',
    assoc_actor_2: '',
    inter2: 1,
    interaction: 12,
    civilian_targeting: '',
    country: 'Syria',
    admin1: 'Lattakia',
    admin2: 'Al-Haffa',
    admin3: 'Kansaba',
    location: 'Kabani',
    latitude: 35.7187,
    longitude: 36.2331,
    geo_precision: 1,
    source: 'The Cradle; SANA',
    notes: 'HTS fighters tried to infiltrate an army point on the "Kabanah axis", and were repelled, with casualties.',
    fatalities: 0,
    injured: null,
    arrested: null,
    fatalities_low: null,
    fatalities_high: null,
    evidence: [{ start: 0, end: 10, text: 'A unit of ' }],
    confidence: 0.8,
    sources_count: 1,
    ...over,
  };
}

/** RFC 4180 parser for one record, to read back what was written. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else v += line[i++];
      }
      out.push(v);
      i++;
    } else {
      const j = line.indexOf(',', i);
      const end = j < 0 ? line.length : j;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

test("CSV header: ACLED's columns in ACLED's order, then ours, then extra", () => {
  const h = csvHeader(['report_url']).split(',');
  assert.deepEqual(h, [...ACLED_COLUMNS, ...SITREP_COLUMNS, 'report_url']);
  assert.equal(h[0], 'event_date');
  assert.equal(h[ACLED_COLUMNS.length - 1], 'fatalities');
});

test('CSV rows quote commas, quotes and line breaks (RFC 4180) and read back the same', () => {
  const e = event({ notes: 'Line one, with "quotes"\nand a second line.' });
  const row = parseCsvLine(csvRow(e));
  const cols = [...ACLED_COLUMNS, ...SITREP_COLUMNS] as string[];
  assert.equal(row.length, cols.length);
  assert.equal(row[cols.indexOf('notes')], 'Line one, with "quotes"\nand a second line.');
  assert.equal(row[cols.indexOf('latitude')], '35.7187');
  assert.equal(row[cols.indexOf('injured')], '');
  assert.equal(row[cols.indexOf('source')], 'The Cradle; SANA');
  const csv = toCsv([e, e]);
  assert.ok(csv.endsWith('\r\n'));
  assert.ok(csv.startsWith('event_date,time_precision,event_type,'));
});

test('CSV cells that a spreadsheet would run as a formula get a leading apostrophe; numbers stay numbers', () => {
  assert.equal(csvCell('=HYPERLINK("http://x","click")'), `"'=HYPERLINK(""http://x"",""click"")"`);
  assert.equal(csvCell('+971 50'), "'+971 50");
  assert.equal(csvCell('-cmd'), "'-cmd");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('\tx'), "'\tx");
  assert.equal(csvCell(-35.5), '-35.5');
  assert.equal(csvCell('Harem'), 'Harem');
  const row = parseCsvLine(csvRow(event({ actor1: '=cmd|" /C calc"!A0', longitude: -1.5 })));
  assert.equal(row[ACLED_COLUMNS.indexOf('actor1')], `'=cmd|" /C calc"!A0`);
  assert.equal(row[ACLED_COLUMNS.indexOf('longitude')], '-1.5');
});

test('GeoJSON: Point features [lon, lat] with the event as properties; events without coordinates left out or flagged', () => {
  const fc = toGeoJson([event(), event({ latitude: null, longitude: null, location: '' })]);
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.features.length, 1);
  assert.deepEqual(fc.features[0].geometry, { type: 'Point', coordinates: [36.2331, 35.7187] });
  assert.equal(fc.features[0].properties.actor1, 'HTS: Hayat Tahrir al-Sham');
  const all = toGeoJson([event(), event({ latitude: null, longitude: null })], { includeUnlocated: true });
  assert.equal(all.features.length, 2);
  assert.equal(all.features[1].geometry, null);
  assert.equal(all.features[1].properties.unlocated, true);
});

test('JSON Lines: one event a line', () => {
  const s = toJsonl([event(), event({ doc: 'b' })]);
  const lines = s.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.equal(JSON.parse(lines[1]).doc, 'b');
  assert.equal(toJsonl([]), '');
});

test('streaming writers produce the same documents as the whole-array formatters', () => {
  const events = [event(), event({ latitude: null, longitude: null }), event({ doc: 'c' })];
  for (const format of ['jsonl', 'csv', 'geojson'] as const) {
    let out = '';
    const w = createWriter(format, { write: (s: string) => (out += s) });
    w.write(events.slice(0, 1));
    w.write([]);
    w.write(events.slice(1));
    w.end();
    if (format === 'jsonl') assert.equal(out, toJsonl(events));
    if (format === 'csv') assert.equal(out, toCsv(events));
    if (format === 'geojson') {
      assert.deepEqual(JSON.parse(out), JSON.parse(JSON.stringify(toGeoJson(events))));
      assert.equal(w.unlocated, 1);
      assert.equal(w.written, 2);
    }
  }
  // no events: still a valid document
  let empty = '';
  const w = createWriter('geojson', { write: (s: string) => (empty += s) });
  w.end();
  assert.deepEqual(JSON.parse(empty), { type: 'FeatureCollection', features: [] });
});
