import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/server.js';
import { type RunningTestSubgraphs, startTestSubgraphs } from './subgraphs.js';
import { post, recordingLogger, startTestGateway, TEST_SECRET } from './support.js';

describe('a supergraph without an accounts subgraph', () => {
  let subgraphs: RunningTestSubgraphs;
  let gateway: RunningGateway;
  const { log, lines } = recordingLogger();

  beforeAll(async () => {
    subgraphs = await startTestSubgraphs(['catalog', 'inventory'], TEST_SECRET);
    gateway = await startTestGateway(subgraphs.supergraphPath, {}, log);
  });
  afterAll(async () => {
    await gateway?.stop();
    await subgraphs?.stop();
  });

  it('starts with authentication off and says so in its start-up log', () => {
    const notice = lines.find((line) => String(line.msg).startsWith('authentication is off'));
    expect(notice).toMatchObject({ level: 40, subgraphs: ['catalog', 'inventory'] });
  });

  it('answers queries across both subgraphs', async () => {
    const { status, body } = await post(gateway.url, '{ product(id: "p1") { name inStock shippingCost } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { product: { name: 'Lamp', inStock: true, shippingCost: 6 } } });
  });

  it('treats every caller as anonymous and still signs that identity for the subgraphs', async () => {
    const anonymous = await post(gateway.url, '{ caller }');
    const withCredential = await post(
      gateway.url,
      '{ caller }',
      {},
      { authorization: 'Bearer made-up-token' },
    );
    expect(anonymous.body).toEqual({ data: { caller: 'anonymous:' } });
    expect(withCredential.body).toEqual({ data: { caller: 'anonymous:' } });
  });
});
