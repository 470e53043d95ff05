export * from './model/index.js';
export { extract, extractEvents, type Extraction } from './pipeline/extract.js';
export { extractBatch, type BatchResult } from './pipeline/batch.js';
export { resolveActorAlias, listActors, type ActorRecord } from './knowledge/actors.js';
