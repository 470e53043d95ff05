// STUB (owned by the store helper): opens the store named by a URL, DATABASE_URL, or ./sitrep.db.
import type { Store } from './types.js';
export type { Store } from './types.js';

export async function openStore(url?: string): Promise<Store> {
  throw new Error(`store not built yet (${url ?? process.env.DATABASE_URL ?? './sitrep.db'})`);
}
