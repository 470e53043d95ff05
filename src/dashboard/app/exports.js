// Exports of the current view: CSV in ACLED's column order (then ours), and GeoJSON points.
export const ACLED_COLUMNS = ['event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'inter1', 'actor2', 'assoc_actor_2', 'inter2',
  'interaction', 'civilian_targeting', 'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'notes', 'fatalities'];
export const SITREP_COLUMNS = ['id', 'doc', 'injured', 'arrested', 'fatalities_low', 'fatalities_high', 'confidence', 'sources_count', 'verified', 'credibility'];

function cell(v) {
  if (v === null || v === undefined) return '';
  let s = Array.isArray(v) ? v.join('; ') : String(v);
  // a cell a spreadsheet would run as a formula is kept as text
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function toCSV(events) {
  const cols = [...ACLED_COLUMNS, ...SITREP_COLUMNS];
  const lines = [cols.join(',')];
  for (const e of events) lines.push(cols.map((c) => cell(e[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function toGeoJSON(events) {
  return {
    type: 'FeatureCollection',
    features: events.filter((e) => typeof e.latitude === 'number' && typeof e.longitude === 'number').map((e) => {
      const props = {};
      for (const c of [...ACLED_COLUMNS, ...SITREP_COLUMNS]) if (c !== 'latitude' && c !== 'longitude') props[c] = e[c] ?? null;
      return { type: 'Feature', id: e.id, geometry: { type: 'Point', coordinates: [e.longitude, e.latitude] }, properties: props };
    }),
  };
}
