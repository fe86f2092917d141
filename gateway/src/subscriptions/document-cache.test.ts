import { buildSchema, type GraphQLError, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from './document-cache.js';

const schema = buildSchema('type Query { a: Int }  type Subscription { ticks(label: String): Int }');

const cacheCounting = () => {
  const calls: string[] = [];
  const cache = new DocumentCache((current, query) => {
    calls.push(query);
    try {
      const document = parse(query);
      const errors = validate(current, document);
      return errors.length > 0 ? errors : document;
    } catch (error) {
      return [error as GraphQLError];
    }
  }, 3);
  return { cache, calls };
};

describe('DocumentCache', () => {
  it('parses and validates a query text once, and shares its document', () => {
    const { cache, calls } = cacheCounting();
    const first = cache.get(schema, 'subscription { ticks }');
    expect(cache.get(schema, 'subscription { ticks }')).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('keeps no invalid, unparsable or huge queries, and no more than its limit', () => {
    const { cache, calls } = cacheCounting();
    for (const query of ['subscription { nope }', 'subscription {', 'subscription { ticks(label: 1) }']) {
      expect(Array.isArray(cache.get(schema, query))).toBe(true);
      expect(Array.isArray(cache.get(schema, query))).toBe(true);
    }
    const huge = `subscription { ticks(label: "${'x'.repeat(100_000)}") }`;
    expect('kind' in cache.get(schema, huge)).toBe(true);
    cache.get(schema, huge);
    expect(calls).toHaveLength(8);
    expect(cache.size).toBe(0);
    for (let index = 0; index < 10; index++) cache.get(schema, `subscription { t${index}: ticks }`);
    expect(cache.size).toBe(3);
  });

  it('starts over when the schema changes', () => {
    const { cache, calls } = cacheCounting();
    cache.get(schema, 'subscription { ticks }');
    const next = buildSchema('type Query { a: Int }  type Subscription { ticks: Int }');
    cache.get(next, 'subscription { ticks }');
    expect(calls).toHaveLength(2);
  });
});
