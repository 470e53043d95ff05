/**
 * The reports an event rests on: those whose account tells it, not those that only recall it in passing
 * (an account whose event is `recalled`, events/refiners/recalled.ts). An event that no report tells, only
 * recalls, rests on the first report that recalled it: two articles that recall the same earlier strike in their
 * background are not thereby telling one story. `docs`, `sources_count` and the credibility grade count these;
 * every account's evidence stays with the event.
 */
import type { Account } from './types.js';

export function sourceAccounts<A extends Pick<Account, 'event'>>(accounts: A[]): A[] {
  if (!accounts.some((a) => a.event.recalled)) return accounts;
  const telling = accounts.filter((a) => !a.event.recalled);
  return telling.length ? telling : accounts.slice(0, 1);
}
