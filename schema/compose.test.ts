import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, supergraphPath } from './compose.js';

describe('supergraph composition', () => {
  const { supergraphSdl, problems } = composeSupergraph();

  it('composes without errors or unaccepted hints', () => {
    expect(problems).toEqual([]);
  });

  it('matches the committed schema/supergraph.graphql (run `npm run compose` when this fails)', () => {
    expect(readFileSync(supergraphPath, 'utf8')).toBe(supergraphSdl);
  });
});
