import { InMemoryEventBus, RedisEventBus } from '../src/index.js';
import { describeEventBusContract } from './event-bus-contract.js';
import { openTestRedis, testLog } from './support.js';

describeEventBusContract('RedisEventBus', async (options) => {
  const { redis, prefix, cleanup } = openTestRedis();
  return { bus: new RedisEventBus({ redis, prefix, log: testLog, limits: options?.limits }), cleanup };
});

describeEventBusContract('InMemoryEventBus', async (options) => ({
  bus: new InMemoryEventBus({ log: testLog, limits: options?.limits }),
  cleanup: async () => undefined,
}));
