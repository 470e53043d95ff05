// STUB (owned by the read/clean helper): output formats.
import type { SitrepEvent } from '../model/index.js';

export type OutputFormat = 'jsonl' | 'csv' | 'geojson';

/** CSV header in ACLED's column order, then ours, then `extra` columns. */
export function csvHeader(extra: string[] = []): string {
  return extra.join(',');
}
export function csvRow(e: SitrepEvent, extra: string[] = []): string {
  void e;
  return extra.join(',');
}
export function toCsv(events: SitrepEvent[], extra: string[] = []): string {
  return [csvHeader(extra), ...events.map((e) => csvRow(e, extra))].join('\n') + '\n';
}
export function toGeoJson(events: SitrepEvent[]): { type: 'FeatureCollection'; features: unknown[] } {
  void events;
  return { type: 'FeatureCollection', features: [] };
}
export function toJsonl(events: SitrepEvent[]): string {
  return events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
}
