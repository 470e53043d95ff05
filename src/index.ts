export * from './model/index.js';
export { extract, extractEvents, type Extraction } from './pipeline/extract.js';
export { resolveActorAlias, listActors, type ActorRecord } from './knowledge/actors.js';
