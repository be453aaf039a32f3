import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Keeps a Server-Sent Events answer open: a comment every 25 s (proxies and Caddy close idle streams), tracked in
 * `streams` (closed when the server stops); when the client leaves or the socket fails, `stop` releases what it follows.
 */
export function holdStream(req: IncomingMessage, res: ServerResponse, streams: Set<ServerResponse>, stop: () => void): void {
  const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
  ping.unref();
  const end = () => {
    clearInterval(ping);
    streams.delete(res);
    stop();
  };
  req.on('close', end);
  res.on('error', end);
}
