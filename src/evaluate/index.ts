export { score, formatScore, actorMatch, fold, SCORED_FIELDS } from './score.js';
export type { Row, ScoreResult, ScoreSummary, FieldScore, Detail } from './score.js';
export { readEventsFile, parseEventLines } from './files.js';
