export * from './builders.js';
export * from './redis-helpers.js';
export * from './tcp-proxy.js';
export * from './wait-for.js';
