import { readFileSync } from 'node:fs';
import { parse } from 'graphql';

/** The SDL lives in schema/ at the repository root, where composition and codegen read it too. */
export const typeDefs = parse(
  readFileSync(new URL('../../../../schema/webhooks.graphql', import.meta.url), 'utf8'),
);
