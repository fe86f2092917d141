import { BoundedMap } from '@taskflow/common';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';

/** Query texts longer than this are parsed each time: real subscriptions are far shorter. */
const MAX_CACHED_QUERY_LENGTH = 8 * 1024;

/**
 * Parsed and validated subscription documents by query text, per schema: a thousand tabs with the
 * same subscription share one document (its AST, with every token kept for error locations, is
 * several KB) and parse and validate it once. Only documents that validated are kept, and only for
 * short texts, so a client sending distinct or huge invalid queries cannot fill it.
 */
export class DocumentCache {
  private schema?: GraphQLSchema;
  private readonly documents: BoundedMap<string, DocumentNode>;

  constructor(
    private readonly prepare: (
      schema: GraphQLSchema,
      query: string,
    ) => DocumentNode | readonly GraphQLError[],
    limit = 500,
  ) {
    this.documents = new BoundedMap(limit);
  }

  get(schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[] {
    if (schema !== this.schema) {
      this.schema = schema;
      this.documents.clear();
    }
    const known = this.documents.get(query);
    if (known) return known;
    const prepared = this.prepare(schema, query);
    if ('kind' in prepared && query.length <= MAX_CACHED_QUERY_LENGTH) this.documents.set(query, prepared);
    return prepared;
  }

  get size() {
    return this.documents.size;
  }
}
