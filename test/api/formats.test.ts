// The GeoJSON export from pages the store joins itself (listFeatureText, as bytes): pages of STORE_PAGE,
// the limit, the cursor after the last page, and a store that cannot (null) falling back to listFeatures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { featureBody, readFeatures, STORE_PAGE } from '../../src/api/formats.js';
import type { EventFilter, Page, Store } from '../../src/store/types.js';

/** a store of `total` Features numbered from 0, paged by a numeric cursor */
function fakeStore(total: number, canJoin = true): { store: Store; calls: number[] } {
  const calls: number[] = [];
  const feature = (i: number) => JSON.stringify({ type: 'Feature', id: `ev_${i}`, geometry: null, properties: { n: i, note: 'é "q"' } });
  const slice = (page: Page = {}) => {
    const from = page.cursor ? Number(page.cursor) : 0;
    const to = Math.min(total, from + (page.limit ?? 100));
    return { items: Array.from({ length: to - from }, (_, k) => feature(from + k)), next_cursor: to < total ? String(to) : null };
  };
  const store = {
    async listFeatureText(_f: EventFilter, page: Page, options?: { bytes?: boolean }) {
      if (!canJoin) return null;
      const { items, next_cursor } = slice(page);
      calls.push(items.length);
      const text = items.join(',\n');
      return { text: options?.bytes ? new TextEncoder().encode(text) : text, count: items.length, next_cursor };
    },
    async listFeatures(_f: EventFilter, page: Page) {
      const { items, next_cursor } = slice(page);
      calls.push(-items.length);
      return { features: items, next_cursor };
    },
  } as unknown as Store;
  return { store, calls };
}

async function body(store: Store, limit: number, cursor?: string) {
  const s = await readFeatures(store, {}, cursor, limit);
  return JSON.parse(await new Response(featureBody(s!)).text()) as { features: { id: string; properties: { n: number } }[]; next_cursor: string | null };
}

test('GeoJSON export from joined pages: every Feature once, in order, up to the limit, with the cursor after', async () => {
  for (const canJoin of [true, false]) {
    const { store, calls } = fakeStore(2 * STORE_PAGE + 500, canJoin);
    const all = await body(store, 100_000);
    assert.equal(all.features.length, 2 * STORE_PAGE + 500);
    assert.deepEqual(all.features.map((f) => f.properties.n), Array.from({ length: 2 * STORE_PAGE + 500 }, (_, i) => i));
    assert.equal(all.next_cursor, null);
    assert.deepEqual(calls.map(Math.abs), [STORE_PAGE, STORE_PAGE, 500]);
    assert.ok(calls.every((c) => (canJoin ? c > 0 : c < 0)), canJoin ? 'joined by the store' : 'a store that cannot join: listFeatures');

    const part = await body(store, STORE_PAGE + 7);
    assert.equal(part.features.length, STORE_PAGE + 7);
    assert.equal(part.next_cursor, String(STORE_PAGE + 7));
    const rest = await body(store, 100_000, part.next_cursor!);
    assert.equal(rest.features[0].properties.n, STORE_PAGE + 7);
    assert.equal(part.features.length + rest.features.length, 2 * STORE_PAGE + 500);

    const small = await body(store, 3);
    assert.deepEqual(small.features.map((f) => f.id), ['ev_0', 'ev_1', 'ev_2']);
    assert.equal(small.next_cursor, '3');
  }
  const empty = await body(fakeStore(0).store, 10);
  assert.deepEqual(empty, { type: 'FeatureCollection', features: [], next_cursor: null } as never);
});
