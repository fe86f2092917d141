export * from './caller.js';
export * from './connection.js';
export * from './cursor.js';
export * from './keyset.js';
export * from './keyset-page.js';
export * from './unit-of-work.js';
