export * from './event.js';
export * from './document.js';
