/**
 * Output formats: JSON Lines (one event a line), CSV in ACLED's column order then ours, GeoJSON.
 * Whole-array formatters for small sets, and streaming writers for the CLI (memory stays flat).
 */
import type { SitrepEvent } from '../model/index.js';
import { ACLED_COLUMNS, SITREP_COLUMNS } from '../model/index.js';

export type OutputFormat = 'jsonl' | 'csv' | 'geojson';
export const OUTPUT_FORMATS: OutputFormat[] = ['jsonl', 'csv', 'geojson'];

/** Every CSV column, in order: ACLED's, then ours. */
export const CSV_COLUMNS: string[] = [...ACLED_COLUMNS, ...SITREP_COLUMNS];

/**
 * One CSV cell, RFC 4180: quoted when it holds a comma, quote or line break. Text starting with
 * = + - @ (or a tab/carriage return) gets a leading apostrophe so a spreadsheet does not run it as a formula.
 * Numbers are written as numbers.
 */
export function csvCell(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV header in ACLED's column order, then ours, then `extra` columns. */
export function csvHeader(extra: string[] = []): string {
  return [...CSV_COLUMNS, ...extra].map(csvCell).join(',');
}
export function csvRow(e: SitrepEvent, extra: string[] = []): string {
  const r = e as unknown as Record<string, unknown>;
  return [...CSV_COLUMNS, ...extra].map((c) => csvCell(r[c])).join(',');
}
export function toCsv(events: SitrepEvent[], extra: string[] = []): string {
  return [csvHeader(extra), ...events.map((e) => csvRow(e, extra))].join('\r\n') + '\r\n';
}

export interface GeoJsonFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: Record<string, unknown>;
}

const hasPoint = (e: SitrepEvent) =>
  typeof e.latitude === 'number' && typeof e.longitude === 'number' && Number.isFinite(e.latitude) && Number.isFinite(e.longitude);

/** A GeoJSON Feature for an event, or null when it has no coordinates. Properties are the event. */
export function toFeature(e: SitrepEvent): GeoJsonFeature | null {
  if (!hasPoint(e)) return null;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [e.longitude as number, e.latitude as number] },
    properties: { ...e },
  };
}

/**
 * A FeatureCollection of the events with coordinates. Events without them are left out, or with
 * `includeUnlocated` kept with a null geometry and `properties.unlocated: true`.
 */
export function toGeoJson(
  events: SitrepEvent[],
  opts: { includeUnlocated?: boolean } = {},
): { type: 'FeatureCollection'; features: GeoJsonFeature[] } {
  const features: GeoJsonFeature[] = [];
  for (const e of events) {
    const f = toFeature(e);
    if (f) features.push(f);
    else if (opts.includeUnlocated) features.push({ type: 'Feature', geometry: null, properties: { ...e, unlocated: true } });
  }
  return { type: 'FeatureCollection', features };
}
export function toJsonl(events: SitrepEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
}

/** Where a streaming writer puts its text (process.stdout, a file stream, an array in tests). */
export interface Sink {
  write(chunk: string): unknown;
}

/** Writes events as they come, in one format; `end()` closes the document (GeoJSON's brackets). */
export interface EventWriter {
  write(events: SitrepEvent[]): void;
  end(): void;
  /** events written, and (GeoJSON) events left out for want of coordinates */
  readonly written: number;
  readonly unlocated: number;
}

export function createWriter(format: OutputFormat, sink: Sink, opts: { extra?: string[] } = {}): EventWriter {
  const extra = opts.extra ?? [];
  let written = 0;
  let unlocated = 0;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    if (format === 'csv') sink.write(csvHeader(extra) + '\r\n');
    if (format === 'geojson') sink.write('{"type":"FeatureCollection","features":[\n');
  };
  return {
    get written() {
      return written;
    },
    get unlocated() {
      return unlocated;
    },
    write(events) {
      start();
      if (!events.length) return;
      let out = '';
      for (const e of events) {
        if (format === 'jsonl') out += JSON.stringify(e) + '\n';
        else if (format === 'csv') out += csvRow(e, extra) + '\r\n';
        else {
          const f = toFeature(e);
          if (!f) {
            unlocated++;
            continue;
          }
          out += (written ? ',\n' : '') + JSON.stringify(f);
        }
        written++;
      }
      if (out) sink.write(out);
    },
    end() {
      start();
      if (format === 'geojson') sink.write('\n]}\n');
    },
  };
}
