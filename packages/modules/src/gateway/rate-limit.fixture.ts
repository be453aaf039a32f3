/**
 * A separate OS process for rate-limit.redis.test.ts: it connects to REDIS_URL, tells its parent it is ready, and on
 * the parent's go takes FIXTURE_ATTEMPTS single tokens from one shared bucket (four callers at once), then reports how
 * many were allowed and exits by itself (Redis client quit, IPC channel closed; a guard ends it after 20 s regardless).
 */
import { Redis } from 'ioredis';
import { createRedisRateLimiter } from './rate-limit.ts';

const url = process.env.REDIS_URL;
const prefix = process.env.FIXTURE_PREFIX;
const key = process.env.FIXTURE_KEY;
const attempts = Number(process.env.FIXTURE_ATTEMPTS ?? 100);
const capacity = Number(process.env.FIXTURE_CAPACITY ?? 50);
if (!url || !prefix || !key || !process.send) throw new Error('rate-limit.fixture.ts runs forked by its test, with REDIS_URL and FIXTURE_*');
const send = process.send.bind(process);

setTimeout(() => process.exit(3), 20_000).unref();
process.on('disconnect', () => process.exit(4)); // the parent went away before the end

const redis = new Redis(url, { maxRetriesPerRequest: 1 });
const limiter = createRedisRateLimiter({ redis, prefix, failOpen: false, timeoutMs: 0 });
const rule = { capacity, refillPerSecond: 1e-6 };
await redis.ping();

process.once('message', () => {
  void (async () => {
    let allowed = 0;
    let next = 0;
    const caller = async (): Promise<void> => {
      while (next < attempts) {
        next += 1;
        if ((await limiter.take(key, rule)).allowed) allowed += 1;
      }
    };
    await Promise.all([caller(), caller(), caller(), caller()]);
    await redis.quit();
    process.removeAllListeners('disconnect');
    send({ allowed, attempts: next }, () => process.disconnect());
  })();
});
send({ ready: true });
