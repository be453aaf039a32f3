import { Agent, fetch } from 'undici';
import { serveParent } from './child.ts';

/**
 * The agents' screens of bench:chat's fan-out, in a process of their own: `n` streams of GET /api/v1/chat/stream read
 * with fetch (the API key in a header), each parsing Server-Sent Events and noting, by wamid, when its
 * message.created arrived (wall-clock ms with sub-ms precision, comparable across processes of this machine).
 */
const now = (): number => performance.timeOrigin + performance.now();
// One connection per stream, as many as asked: no per-origin cap.
const dispatcher = new Agent({ connections: null, keepAliveTimeout: 60_000, bodyTimeout: 0 });
const controller = new AbortController();

interface Arrival {
  at: number;
  /** The chat_events row's created_at (its transaction's start, the server's clock). */
  created_at: string;
}
const arrivals = new Map<string, Arrival[]>();
let open = 0;

async function follow(url: string, key: string): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' }, signal: controller.signal, dispatcher });
  if (res.status !== 200 || !res.body) throw new Error(`the stream answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ready!: () => void;
  const first = new Promise<void>((r) => (ready = r));
  open++;
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      ready();
      const at = now();
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (!block.includes('event: message.created')) continue;
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (!data) continue;
        const event = JSON.parse(data.slice(6)) as { created_at: string; data: { message?: { external_id?: string | null } } };
        const wamid = event.data.message?.external_id;
        if (!wamid) continue;
        const list = arrivals.get(wamid) ?? [];
        list.push({ at, created_at: event.created_at });
        arrivals.set(wamid, list);
      }
    }
  })()
    .catch(() => {})
    .finally(() => {
      open--;
      ready();
    });
  // The server writes a comment first: the stream is followed from then on.
  await first;
}

serveParent(
  { pid: process.pid },
  {
    /** Opens n streams, `batch` at a time; answers how many are open and how long it took. */
    open: async (arg) => {
      const { url, key, n, batch } = arg as { url: string; key: string; n: number; batch: number };
      const t0 = performance.now();
      const failures: string[] = [];
      for (let i = 0; i < n; i += batch) {
        const results = await Promise.allSettled(Array.from({ length: Math.min(batch, n - i) }, () => follow(url, key)));
        for (const r of results) if (r.status === 'rejected') failures.push(String(r.reason));
      }
      return { open, failed: failures.length, first_failure: failures[0] ?? null, ms: Math.round(performance.now() - t0) };
    },
    /** Waits until `expected` streams have the wamid's message.created, or timeoutMs; answers the arrivals. */
    arrivals: async (arg) => {
      const { wamid, expected, timeoutMs } = arg as { wamid: string; expected: number; timeoutMs: number };
      const until = performance.now() + timeoutMs;
      while ((arrivals.get(wamid)?.length ?? 0) < expected && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
      return { open, arrivals: arrivals.get(wamid) ?? [] };
    },
    close: async () => {
      controller.abort();
      await dispatcher.destroy().catch(() => {});
    },
  },
);
