/**
 * `npm run bench:startup` (issue 2): how long the whole system takes from launch to every
 * /health/ready answering 200, and how long sign-in takes through the gateway (Argon2 included).
 */
import { subgraphs } from '../schema/subgraphs.js';
import { graphql, signUp, startSystem } from './support/services.js';

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((p / 100) * (values.length - 1))]!;

const launched = performance.now();
const system = await startSystem(
  subgraphs.map((subgraph) => subgraph.name),
  {},
  { recurrenceWorker: true },
);
const startup = performance.now() - launched;
try {
  const email = `startup.${Date.now()}@bench.example`;
  await graphql(system.gatewayUrl, 'mutation ($input: SignUpInput!) { signUp(input: $input) { token } }', {
    input: { email, password: 'benchmark password', name: 'Startup' },
  });
  const signIn = async () => {
    const started = performance.now();
    await graphql(system.gatewayUrl, 'mutation ($input: SignInInput!) { signIn(input: $input) { token } }', {
      input: { email, password: 'benchmark password' },
    });
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) await signIn();
  const times: number[] = [];
  for (let i = 0; i < 30; i++) times.push(await signIn());
  const me = await signUp(system.gatewayUrl, 'Me');
  const meTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await graphql(system.gatewayUrl, '{ me { id } }', {}, { authorization: `Bearer ${me.token}` });
    meTimes.push(performance.now() - started);
  }
  process.stdout.write(
    `start-up, every service and the worker ready (fresh database, migrations included): ${(startup / 1000).toFixed(2)} s\n` +
      `signIn through the gateway (Argon2id verify), 30 sequential: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms\n` +
      `authenticated { me } through the gateway, 50 sequential: p50 ${percentile(meTimes, 50).toFixed(1)} ms, p99 ${percentile(meTimes, 99).toFixed(1)} ms\n`,
  );
} finally {
  await system.stop();
}
