import { startServer } from '@smarteros/server';
import { sql } from 'kysely';
import { childArg, serveParent } from './child.ts';
import { benchConfig } from './server.ts';

/**
 * The SmarterOS server of the chat benchmark, in its own process: startServer with the benchmark configuration (a
 * fresh data dir; PostgreSQL and Redis when their URLs are given), its outbox relay running as in production. Beyond
 * what every child answers (child.ts), it counts by SQL what the chat module stored, through the server's own
 * database (on PGlite nothing else may open it).
 */
const { dataDir, env } = childArg<{ dataDir: string; env: Record<string, string> }>();

const server = await startServer({ config: benchConfig(dataDir, env), onStep: (step) => process.stderr.write(`  [chat server ${process.pid}] ${step}\n`) });

export interface ChatCounts {
  /** chat_messages rows whose wamid has the run's prefix, and their distinct wamids. */
  message_rows: number;
  distinct_wamids: number;
  /** The highest n of wamid.<tag>.<n> stored (must be below the number of distinct wamids sent). */
  max_n: number | null;
  /** Webhook receipts of the tenant holding the prefix, and those not processed yet. */
  receipts: number;
  unprocessed: number;
  /** chat.ingest deliveries of the outbox by status. */
  ingest_deliveries: Record<string, number>;
  /** Rows of the tenant's contacts and conversations. */
  contacts: number;
  conversations: number;
}

serveParent(
  { url: server.url, pid: process.pid, driver: server.db.kind },
  {
    counts: async (arg) => {
      const { tenantId, tag } = arg as { tenantId: string; tag: string };
      const like = `wamid.${tag}.%`;
      return server.db.asOwner(async (tx): Promise<ChatCounts> => {
        const m = await sql<{ rows: number; wamids: number; max_n: number | null }>`
          select count(*)::int as rows, count(distinct external_id)::int as wamids,
                 max(split_part(external_id, '.', 3)::int) as max_n
            from chat_messages where tenant_id = ${tenantId} and external_id like ${like}`.execute(tx);
        const r = await sql<{ receipts: number; unprocessed: number }>`
          select count(*)::int as receipts, (count(*) filter (where processed_at is null))::int as unprocessed
            from chat_webhook_receipts where tenant_id = ${tenantId} and payload::text like ${`%"wamid.${tag}.%`}`.execute(tx);
        const d = await sql<{ status: string; n: number }>`
          select status, count(*)::int as n from outbox_deliveries where tenant_id = ${tenantId} and subscriber = 'chat.ingest' group by status`.execute(tx);
        const c = await sql<{ contacts: number; conversations: number }>`
          select (select count(*) from chat_contacts where tenant_id = ${tenantId})::int as contacts,
                 (select count(*) from conversations where tenant_id = ${tenantId})::int as conversations`.execute(tx);
        return {
          message_rows: m.rows[0]!.rows,
          distinct_wamids: m.rows[0]!.wamids,
          max_n: m.rows[0]!.max_n,
          receipts: r.rows[0]!.receipts,
          unprocessed: r.rows[0]!.unprocessed,
          ingest_deliveries: Object.fromEntries(d.rows.map((x) => [x.status, x.n])),
          contacts: c.rows[0]!.contacts,
          conversations: c.rows[0]!.conversations,
        };
      });
    },
    close: () => server.close(),
  },
);
