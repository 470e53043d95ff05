// Cross-report merging and credibility grading: pure functions, no I/O. See docs/merging.md.
export type { Account, Cluster, MatchDecision, MergedSpan } from './types.js';
export { blockAndProbeKeys, blockKeys, probeKeys } from './blocking.js';
export { findMatch, clusterAll, type ClusterStats } from './cluster.js';
export { combine, explainPair, explainCluster, splitAccounts, type PairExplanation } from './combine.js';
export { credibility, reliabilityRank, outletsOfAccounts, originOf, type GradedOutlet } from './credibility.js';
export { pairwiseScore, reportGroups, type PairwiseResult } from './evaluate.js';
export { sourceAccounts } from './sources.js';
export { MERGE_THRESHOLD, LINK_MEAN_THRESHOLD } from './score.js';
export { foldName, nameSimilarity } from './fold.js';
