import { ensurePgliteSnapshot, ensurePostgresTemplate } from './snapshot.ts';

/** Runs once per `vitest run`: a migrated PGlite snapshot, and a PostgreSQL template database when DATABASE_URL is set. */
export default async function setup(): Promise<void> {
  await ensurePgliteSnapshot();
  if (process.env.DATABASE_URL) await ensurePostgresTemplate(process.env.DATABASE_URL);
}
