/** One page of a connection as the API shapes it; `totalCount` runs its query only when asked for. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

/**
 * A connection from the rows of a keyset page fetched with `limit first + 1` (the extra row only
 * says that more follow). `count` is called at most once, and only if `totalCount` is selected.
 */
export function toConnection<Row, Node = Row>(
  rows: readonly Row[],
  first: number,
  options: {
    cursorOf: (row: Row) => string;
    count: () => Promise<number>;
    nodeOf?: (row: Row) => Node;
  },
): Connection<Node> {
  const nodeOf = options.nodeOf ?? ((row: Row) => row as unknown as Node);
  const edges = rows.slice(0, first).map((row) => ({ cursor: options.cursorOf(row), node: nodeOf(row) }));
  let total: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => {
      total ??= options.count();
      return total;
    },
  };
}

/** An empty page (a query that can match nothing), counted as 0 without asking the database. */
export const emptyConnection = <T>(): Connection<T> =>
  toConnection<T>([], 0, {
    cursorOf: () => '',
    count: () => Promise.resolve(0),
  });
