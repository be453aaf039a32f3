import type { TestServer } from './test-server.ts';

/** Runs the chat pipeline to quiet: relays the outbox and delivers chat.ingest, chat.assistant and the sender until nothing is left. */
export async function drainChat(t: TestServer): Promise<void> {
  const relay = t.server.services.relay;
  for (let i = 0; i < 20; i++) {
    while ((await relay.relayOnce()) > 0);
    let n = 0;
    for (const s of ['chat.ingest', 'chat.assistant', 'chat.whatsapp_sender']) n += await relay.deliverOnce(s);
    if (n === 0) return;
  }
}
