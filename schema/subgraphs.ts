/** Every subgraph of the supergraph, with its default port; the one list compose, gateway and start share. */
export const subgraphs = [
  { name: 'accounts', port: 4001 },
  { name: 'tasks', port: 4002 },
  { name: 'tags', port: 4003 },
  { name: 'audit', port: 4004 },
  { name: 'notifications', port: 4005 },
  { name: 'webhooks', port: 4007 },
] as const;

export type SubgraphName = (typeof subgraphs)[number]['name'];

export const defaultSubgraphUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;
