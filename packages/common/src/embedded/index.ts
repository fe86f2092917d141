export * from './data-dir-lock.js';
export * from './embedded-db.js';
