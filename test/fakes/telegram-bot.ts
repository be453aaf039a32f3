import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The Telegram Bot API as Telegram documents it, on loopback: `POST /bot<token>/<method>` with a JSON body, answering
 * `{ ok: true, result }` or `{ ok: false, error_code, description, parameters? }` (401 Unauthorized for an unknown token,
 * 403 when the user blocked the bot, 429 with `parameters.retry_after`). getMe, setWebhook (recorded, with its
 * secret_token) and sendMessage.
 */
export interface TelegramBotFake {
  url: string;
  /** Bots by token: their id and username. */
  bots: Map<string, { id: number; username: string }>;
  webhooks: Map<string, { url: string; secret_token?: string; allowed_updates?: string[] }>;
  sent: Array<{ token: string; chat_id: unknown; text: unknown; message_id: number }>;
  /** Errors to answer sendMessage with, next ones first: 403 (blocked) or 429 (retry_after 3). */
  failNext: number[];
  close(): Promise<void>;
}

export async function startTelegramBot(): Promise<TelegramBotFake> {
  const fake: Omit<TelegramBotFake, 'url' | 'close'> = { bots: new Map(), webhooks: new Map(), sent: [], failNext: [] };
  let nextMessageId = 100;
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => {
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      if (!m) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, token, method] = m as unknown as [string, string, string];
      const bot = fake.bots.get(token);
      if (!bot) return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
      }
      if (method === 'getMe') return answer(res, 200, { ok: true, result: { id: bot.id, is_bot: true, first_name: 'Bot', username: bot.username } });
      if (method === 'setWebhook') {
        if (typeof body.url !== 'string') return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: bad webhook: URL must be provided' });
        fake.webhooks.set(token, body as { url: string });
        return answer(res, 200, { ok: true, result: true, description: 'Webhook was set' });
      }
      if (method === 'sendMessage') {
        const code = fake.failNext.shift();
        if (code === 403) return answer(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        if (code === 429) return answer(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
        if (body.chat_id === undefined || typeof body.text !== 'string' || body.text === '') return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
        const message_id = nextMessageId++;
        fake.sent.push({ token, chat_id: body.chat_id, text: body.text, message_id });
        return answer(res, 200, { ok: true, result: { message_id, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, text: body.text } });
      }
      return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { ...fake, url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
