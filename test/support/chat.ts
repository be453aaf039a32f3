import type { TestServer } from './test-server.ts';

/** What the server's relay loop does: the outbox's events to these subscribers until none is left. */
export async function drainOutbox(t: TestServer, ...subscribers: string[]): Promise<void> {
  const relay = t.server.services.relay;
  for (let i = 0; i < 20; i++) {
    while ((await relay.relayOnce()) > 0);
    let n = 0;
    for (const s of subscribers) n += await relay.deliverOnce(s);
    if (n === 0) return;
  }
}

export interface SseEvent {
  id: string | null;
  event: string;
  data: Record<string, unknown>;
}

/**
 * Reads a Server-Sent Events answer while `act` runs, until `until` says it has enough (or 10 s pass; then the events
 * so far), and closes it.
 */
export async function readSse(res: Response, controller: AbortController, act: () => Promise<void>, until: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const timeout = setTimeout(() => controller.abort(), 10_000);
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, cut).split('\n').filter((l) => !l.startsWith(':'));
        buffer = buffer.slice(cut + 2);
        if (lines.length === 0) continue;
        const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
        events.push({ id: field('id'), event: field('event') ?? 'message', data: JSON.parse(field('data') ?? '{}') as Record<string, unknown> });
      }
      if (until(events)) return;
    }
  })();
  await act();
  await reading.catch(() => {});
  clearTimeout(timeout);
  controller.abort();
  return events;
}
