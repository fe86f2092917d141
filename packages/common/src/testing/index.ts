export * from './database.js';
export * from './processes.js';
export * from './subgraph-callers.js';
