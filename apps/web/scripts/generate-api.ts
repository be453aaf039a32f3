/**
 * The console's API types, generated from the server's OpenAPI document (`npm run generate:web-api`).
 *
 * It starts the server in-process on a throwaway embedded database (nothing listens), reads GET /api/docs/json,
 * and writes apps/web/src/api/schema.d.ts with openapi-typescript. The file is checked in; test/web-api-schema.test.ts
 * regenerates it and fails when the checked-in copy drifts from the routes.
 * A build tool run by Node, not console code: the one file of apps/web that may import the server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, startServer } from '@smarteros/server';
import openapiTS, { astToString } from 'openapi-typescript';

export const SCHEMA_FILE = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

const HEADER = `/**
 * Generated from the server's OpenAPI document by apps/web/scripts/generate-api.ts (npm run generate:web-api).
 * Do not edit: change the route schemas and regenerate. test/web-api-schema.test.ts fails when this file drifts.
 */

`;

/** The OpenAPI document the server's routes describe, as GET /api/docs/json answers it. */
export async function readOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'smarteros-openapi-'));
  const config = loadConfig({
    SMARTEROS_DATA_DIR: dataDir,
    SMARTEROS_LOG_LEVEL: 'silent',
    SMARTEROS_JOBS_INTERVAL_SECONDS: '0',
    SMARTEROS_JWT_SECRET: 'openapi-generation-only-secret-000000000',
    SMARTEROS_ADMIN_EMAIL: 'admin@openapi.smarteros',
    SMARTEROS_ADMIN_PASSWORD: 'openapi-generation-only-password',
    PORT: '0',
  });
  const server = await startServer({ config, listen: false, logger: false });
  try {
    const res = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    if (res.statusCode !== 200) throw new Error(`GET /api/docs/json answered ${res.statusCode}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text of schema.d.ts for the current routes. */
export async function generateSchemaText(): Promise<string> {
  const doc = await readOpenApiDocument();
  // The version changes with every release; it is not part of the types.
  const info = (doc.info ?? {}) as Record<string, unknown>;
  const ast = await openapiTS({ ...doc, info: { ...info, version: '0' } } as Parameters<typeof openapiTS>[0], { alphabetize: false });
  return HEADER + astToString(ast);
}

if (import.meta.main) {
  writeFileSync(SCHEMA_FILE, await generateSchemaText());
  console.warn(`wrote ${SCHEMA_FILE}`);
}
