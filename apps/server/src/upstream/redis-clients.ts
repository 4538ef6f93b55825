/**
 * Redis connections for the pipeline. Commands fail at once while Redis is away (no offline
 * queue, one retry) so every user of Redis falls back to its local behaviour instead of hanging.
 */
import { Redis } from 'ioredis';

export function connectRedis(url: string, onError: (error: unknown) => void) {
  const options = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: false,
  };
  const client = new Redis(url, options);
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
  client.on('error', onError);
  subscriber.on('error', onError);
  return {
    client,
    subscriber,
    async close(): Promise<void> {
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
