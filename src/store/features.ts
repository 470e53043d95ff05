/**
 * GeoJSON Features as the store writes them: the properties of each shape, and (SQLite) the Feature of
 * the API's export shape as one SQL expression over an events row, which migration 007's triggers keep
 * in `event_features` so that an export reads one compact table in date order instead of a million rows.
 */

/** the properties of listFeatures' GeoJSON Features */
export const FEATURE_PROPERTIES = [
  'id', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2',
  'civilian_targeting', 'admin1', 'admin2', 'location', 'geo_precision', 'source', 'notes', 'fatalities', 'sources_count',
  'docs', 'credibility', 'verified',
] as const;
/**
 * The properties of listFeatures' export shape ({ shape: 'export' }): every flat field of an event, as
 * the API's GeoJSON export writes them (docs joined with '; ', verified true/false).
 */
export const EXPORT_PROPERTIES = [
  'id', 'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'inter1', 'actor2',
  'assoc_actor_2', 'inter2', 'interaction', 'civilian_targeting', 'country', 'admin1', 'admin2', 'admin3', 'location',
  'latitude', 'longitude', 'geo_precision', 'source', 'notes', 'fatalities', 'injured', 'arrested', 'fatalities_low',
  'fatalities_high', 'confidence', 'sources_count', 'docs', 'verified', 'credibility', 'updated_at',
] as const;

/**
 * SQLite: the export-shape Feature of the events row `row` (a table alias, or NEW in a trigger) as JSON
 * text, exactly as listFeatures builds it on the fly (the store's tests compare the two).
 */
export function sqliteExportFeature(row: string): string {
  const c = (name: string) => `${row}.${name}`;
  const props = EXPORT_PROPERTIES.map((p) => {
    const v =
      p === 'docs'
        ? `coalesce((SELECT group_concat(j.value, '; ') FROM json_each(${c('docs')}) AS j), '')`
        : p === 'verified'
          ? `json(CASE WHEN ${c('verified')} THEN 'true' ELSE 'false' END)`
          : p === 'event_date'
            ? `NULLIF(${c('event_date')}, '')`
            : c(p);
    return `'${p}', ${v}`;
  });
  const point = `json_object('type', 'Point', 'coordinates', json_array(${c('longitude')}, ${c('latitude')}))`;
  const geometry = `json(CASE WHEN ${c('latitude')} IS NOT NULL AND ${c('longitude')} IS NOT NULL THEN ${point} END)`;
  return `json_object('type', 'Feature', 'id', ${c('id')}, 'geometry', ${geometry}, 'properties', json_object(${props.join(', ')}))`;
}
