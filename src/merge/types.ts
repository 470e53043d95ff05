import type { SitrepEvent, Span } from '../model/index.js';

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
  /** the best pair score between the account and one of the cluster's accounts (merge at ≥ MERGE_THRESHOLD) */
  score: number;
  /** human-readable reasons: "same day (2019-05-06)", "Kafranbel/Kafr Nabl 0.4 km apart", "both name HTS: Hayat Tahrir al-Sham" */
  reasons: string[];
}

/** An evidence span of a merged event, tagged with the report whose clean text its offsets point into. */
export interface MergedSpan extends Span {
  report_id: string;
}
