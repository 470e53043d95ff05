export * from './event.js';
export * from './document.js';
export * from './taxonomy.js';
