export * from './database.js';
export * from './processes.js';
