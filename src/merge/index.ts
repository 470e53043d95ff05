// STUB (owned by the merge helper): the contract the store uses. Pure functions, no I/O.
import type { SitrepEvent } from '../model/index.js';

/** One report's account of an event, as the merger sees it. */
export interface Account {
  report_id: string;
  outlet: string;
  event: SitrepEvent;
}

/** A merged event as the merger sees it: an id and its accounts. */
export interface Cluster {
  id: string;
  accounts: Account[];
}

export interface MatchDecision {
  cluster_id: string;
  score: number;
  /** human-readable reasons: "same day", "Kabanah ~ Kabani (2 km)", "shared actor HTS" */
  reasons: string[];
}

/** Keys for blocking: two events can only match when they share a key (type, area, date bucket). */
export function blockKeys(e: SitrepEvent): string[] {
  return [`${e.event_type}|${e.admin1}|${e.event_date ?? ''}`];
}

/** The best existing cluster for a new account, or null when it is a new event. */
export function findMatch(account: Account, candidates: Cluster[]): MatchDecision | null {
  void account;
  void candidates;
  return null;
}

/** The merged record of a cluster: union of sources, fatalities low/high, sources_count, evidence. */
export function combine(accounts: Account[]): SitrepEvent {
  return { ...accounts[0].event, sources_count: new Set(accounts.map((a) => a.report_id)).size };
}

/** Batch clustering of many accounts (indexes into the input), n log n through blocking. */
export function clusterAll(accounts: Account[]): number[][] {
  return accounts.map((_, i) => [i]);
}

/** Admiralty credibility 1..6 from the independent outlets carrying an event and their reliability grades (A..F). */
export function credibility(outlets: { name: string; grade: string | null }[]): number {
  return outlets.length > 1 ? 2 : 6;
}
