import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { AppServices } from '../services.ts';

/**
 * With several servers, an MCP session lives on one of them while a change of the registry or the policy may happen on
 * another. Through Redis pub/sub each server tells the others which tenant's tools changed, so every open session
 * hears tools/list_changed wherever the change was made. Without Redis there is one process and nothing to do.
 */
export const TOOLS_CHANGED_CHANNEL = 'smarteros:mcp:tools_changed';

export function startPeerNotifications(redis: Redis, services: AppServices): () => void {
  const me = randomUUID();
  const sub = redis.duplicate();
  sub.on('error', () => {});
  // Not awaited: a Redis that is down must not hold up the start; the subscription is made when it connects.
  void sub.subscribe(TOOLS_CHANGED_CHANNEL).catch(() => {});
  sub.on('message', (_channel, message) => {
    try {
      const { tenantId, from } = JSON.parse(message) as { tenantId?: unknown; from?: unknown };
      if (from !== me && typeof tenantId === 'string') services.mcp.peerChanged(tenantId);
    } catch {
      // Not ours: ignore.
    }
  });
  const off = services.mcp.onToolsChanged((tenantId, origin) => {
    if (origin === 'local') void redis.publish(TOOLS_CHANGED_CHANNEL, JSON.stringify({ tenantId, from: me })).catch(() => {});
  });
  return () => {
    off();
    sub.disconnect();
  };
}
