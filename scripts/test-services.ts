import { Socket } from 'node:net';

/** Integration and e2e suites need the real Postgres and Redis: fail at once, clearly, without them. */
const probe = (url: string, defaultPort: number) =>
  new Promise<string | null>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = new Socket();
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(2_000, () => done(`${url}: timed out`));
    socket.once('error', (error) => done(`${url}: ${error.message}`));
    socket.connect(Number(port || defaultPort), hostname, () => done(null));
  });

export default async function checkServices() {
  const database = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redis = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const problems = (await Promise.all([probe(database, 5432), probe(redis, 6379)])).filter(Boolean);
  if (problems.length > 0) {
    throw new Error(
      `The test suites need Postgres and Redis (TEST_DATABASE_URL, TEST_REDIS_URL):\n  ${problems.join('\n  ')}\n` +
        'Start them (see README.md, "Running the tests") and run again.',
    );
  }
}
