import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { IDENTITY_HEADER, verifyIdentity } from '@taskflow/common';
import { GraphQLError, parse } from 'graphql';

interface SubgraphContext {
  identityToken: string | undefined;
  secret: string;
}

/**
 * Small subgraphs that, together, exercise the federation cases a plan executor must get right:
 * entities resolved across subgraphs (and the same entity reached many times), `@requires`,
 * `@provides`, interfaces and unions with members from several subgraphs, nulls (nullable and
 * bubbling up from a non-null field), and errors from one subgraph while the others answer.
 */
const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",
  import: ["@key", "@shareable", "@external", "@provides", "@requires"])`;

interface ProductRow {
  id: string;
  name: string;
  price: number;
  weight: number | null;
}

const products: ProductRow[] = [
  { id: 'p1', name: 'Lamp', price: 30, weight: 2 },
  { id: 'p2', name: 'Desk', price: 250, weight: 40 },
  { id: 'p3', name: 'Chair', price: 90, weight: null },
  { id: 'p4', name: 'Rug', price: 120, weight: 8 },
];
const books = [
  { id: 'b1', title: 'Dune', pages: 612 },
  { id: 'b2', title: 'Emma', pages: null },
];
const movies = [{ id: 'm1', title: 'Alien', minutes: 117 }];
const reviews = [
  { id: 'r1', body: 'Bright', author: 'ann', productId: 'p1' },
  { id: 'r2', body: 'Sturdy', author: null, productId: 'p2' },
  { id: 'r3', body: 'Dim', author: 'bob', productId: 'p1' },
  { id: 'r4', body: 'Comfy', author: 'cy', productId: 'p3' },
  { id: 'r5', body: 'Gone', author: 'dee', productId: 'p9' },
];

const byId = <T extends { id: string }>(rows: T[], id: string) => rows.find((row) => row.id === id) ?? null;

const catalog = {
  name: 'catalog',
  typeDefs: `${link}
    type Query {
      products: [Product!]!
      product(id: ID!): Product
      media: [Media!]!
      search(text: String!): [SearchResult!]!
      failing: String
    }
    type Product @key(fields: "id") {
      id: ID!
      name: String! @shareable
      price: Int!
      weight: Int
      category: Category
    }
    type Category @shareable { slug: String! label: String }
    interface Media { id: ID! title: String! }
    type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int }
    type Movie implements Media @key(fields: "id") { id: ID! title: String! minutes: Int }
    union SearchResult = Product | Book | Movie`,
  resolvers: {
    Query: {
      products: () => products,
      product: (_: unknown, { id }: { id: string }) => byId(products, id),
      media: () => [
        ...books.map((b) => ({ ...b, kind: 'Book' })),
        ...movies.map((m) => ({ ...m, kind: 'Movie' })),
      ],
      search: (_: unknown, { text }: { text: string }) =>
        [
          ...products.map((p) => ({ ...p, kind: 'Product', label: p.name })),
          ...books.map((b) => ({ ...b, kind: 'Book', label: b.title })),
          ...movies.map((m) => ({ ...m, kind: 'Movie', label: m.title })),
        ].filter((row) => row.label.toLowerCase().includes(text.toLowerCase())),
      failing: () => {
        throw new GraphQLError('catalog refuses', { extensions: { code: 'CATALOG_DOWN' } });
      },
    },
    Product: {
      __resolveReference: (ref: { id: string }) => byId(products, ref.id),
      category: (p: ProductRow) =>
        p.id === 'p4' ? null : { slug: p.price > 100 ? 'big' : 'small', label: null },
    },
    Media: { __resolveType: (row: { kind: string }) => row.kind },
    SearchResult: { __resolveType: (row: { kind: string }) => row.kind },
    Book: { __resolveReference: (ref: { id: string }) => byId(books, ref.id) },
    Movie: { __resolveReference: (ref: { id: string }) => byId(movies, ref.id) },
  },
};

const inventory = {
  name: 'inventory',
  typeDefs: `${link}
    type Product @key(fields: "id") {
      id: ID!
      weight: Int @external
      inStock: Boolean!
      shippingCost: Int @requires(fields: "weight")
      warehouse: Warehouse
      restockNote: String
      serial: String!
    }
    type Warehouse { code: String! city: String }
    type Book @key(fields: "id") { id: ID! copies: Int! }
    type Query { "How this subgraph sees the caller: the verified identity's kind and user." caller: String! }`,
  resolvers: {
    Query: {
      caller: async (_: unknown, __: unknown, context: SubgraphContext) => {
        if (!context.identityToken) return 'unsigned';
        const identity = await verifyIdentity(context.identityToken, context.secret);
        return `${identity.kind}:${identity.userId ?? ''}`;
      },
    },
    Product: {
      __resolveReference: (ref: { id: string; weight?: number | null }) => ref,
      inStock: (p: { id: string }) => p.id !== 'p2',
      shippingCost: (p: { weight?: number | null }) => (p.weight == null ? null : p.weight * 3),
      warehouse: (p: { id: string }) =>
        p.id === 'p3' ? null : { code: `W-${p.id}`, city: p.id === 'p1' ? 'Oslo' : null },
      restockNote: (p: { id: string }) => {
        if (p.id === 'p2')
          throw new GraphQLError('no restock data', { extensions: { code: 'INVENTORY_GAP' } });
        return `soon: ${p.id}`;
      },
      // Non-null, yet null for one product: the null bubbles up to the nearest nullable parent.
      serial: (p: { id: string }) => (p.id === 'p3' ? null : `SN-${p.id}`),
    },
    Book: {
      __resolveReference: (ref: { id: string }) => ref,
      copies: (b: { id: string }) => (b.id === 'b1' ? 3 : 0),
    },
  },
};

const reviewsSubgraph = {
  name: 'reviews',
  typeDefs: `${link}
    type Query { reviews: [Review!]! topReview: Review }
    type Review {
      id: ID!
      body: String!
      author: String
      product: Product @provides(fields: "name")
    }
    type Product @key(fields: "id") {
      id: ID!
      name: String! @external
      reviews: [Review!]!
    }`,
  resolvers: {
    Query: {
      reviews: () => reviews,
      topReview: () => reviews[0],
    },
    Review: {
      product: (r: { productId: string }) => {
        const product = byId(products, r.productId);
        return product ? { id: product.id, name: product.name } : { id: r.productId, name: 'unknown' };
      },
    },
    Product: {
      __resolveReference: (ref: { id: string }) => ref,
      reviews: (p: { id: string }) => reviews.filter((r) => r.productId === p.id),
    },
  },
};

export const testSubgraphs = { catalog, inventory, reviews: reviewsSubgraph };
export type TestSubgraphName = keyof typeof testSubgraphs;

export interface RunningTestSubgraphs {
  urls: Record<string, string>;
  /** A supergraph of the chosen subgraphs at their URLs, written to a file for SUPERGRAPH_PATH. */
  supergraphPath: string;
  supergraphSdl: string;
  stop: () => Promise<void>;
}

/** Starts the named test subgraphs on free ports and composes their supergraph. */
export async function startTestSubgraphs(
  names: TestSubgraphName[],
  identitySecret: string,
): Promise<RunningTestSubgraphs> {
  const servers: ApolloServer<SubgraphContext>[] = [];
  const urls: Record<string, string> = {};
  for (const name of names) {
    const { typeDefs, resolvers } = testSubgraphs[name];
    const server = new ApolloServer<SubgraphContext>({
      schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never }),
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const { url } = await startStandaloneServer(server, {
      listen: { port: 0, host: '127.0.0.1' },
      context: async ({ req }) => ({
        identityToken: req.headers[IDENTITY_HEADER] as string | undefined,
        secret: identitySecret,
      }),
    });
    servers.push(server);
    urls[name] = url;
  }
  const composition = composeServices(
    names.map((name) => ({ name, url: urls[name]!, typeDefs: parse(testSubgraphs[name].typeDefs) })),
  );
  if (composition.errors) throw new Error(composition.errors.map((e) => e.message).join('\n'));
  const supergraphPath = join(mkdtempSync(join(tmpdir(), 'taskflow-supergraph-')), 'supergraph.graphql');
  writeFileSync(supergraphPath, composition.supergraphSdl);
  return {
    urls,
    supergraphPath,
    supergraphSdl: composition.supergraphSdl,
    stop: async () => {
      for (const server of servers) await server.stop();
    },
  };
}
