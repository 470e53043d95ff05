export * from './model/index.js';
export { extract, type Extraction } from './pipeline/extract.js';
