import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { defaultSubgraphUrl, subgraphs } from './subgraphs.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
export const supergraphPath = here('./supergraph.graphql');

/**
 * Hints we read and accept, by code and the coordinate they mention. Any other hint fails
 * composition, so a new one is looked at before it lands.
 */
const acceptedHints: { code: string; about: string }[] = [];

export interface Composition {
  supergraphSdl: string;
  problems: string[];
}

/** Composes the subgraphs' SDL from schema/<name>.graphql into the supergraph. */
export function composeSupergraph(): Composition {
  const result = composeServices(
    subgraphs.map(({ name, port }) => ({
      name,
      url: defaultSubgraphUrl(port),
      typeDefs: parse(readFileSync(here(`./${name}.graphql`), 'utf8')),
    })),
  );
  const problems = [
    ...(result.errors ?? []).map((error) => `error: ${error.message}`),
    ...(result.hints ?? [])
      .filter(
        (hint) =>
          !acceptedHints.some((a) => a.code === hint.definition.code && hint.message.includes(a.about)),
      )
      .map((hint) => `unaccepted hint ${hint.definition.code}: ${hint.message}`),
  ];
  return { supergraphSdl: result.errors ? '' : `${result.supergraphSdl.trimEnd()}\n`, problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { supergraphSdl, problems } = composeSupergraph();
  if (problems.length > 0) {
    process.stderr.write(`Composition failed:\n  ${problems.join('\n  ')}\n`);
    process.exit(1);
  }
  const check = process.argv.includes('--check');
  const current = readFileSync(supergraphPath, { encoding: 'utf8', flag: 'a+' });
  if (check) {
    if (current !== supergraphSdl) {
      process.stderr.write('schema/supergraph.graphql is stale: run `npm run compose` and commit it.\n');
      process.exit(1);
    }
    process.stdout.write('supergraph is up to date\n');
  } else {
    writeFileSync(supergraphPath, supergraphSdl);
    process.stdout.write(`wrote ${supergraphPath}\n`);
  }
}
