import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSchemaText, SCHEMA_FILE } from '../apps/web/scripts/generate-api.ts';

/**
 * The console's API types come from the server's OpenAPI document. A route that changes its schemas without
 * `npm run generate:web-api` fails here, so the console never compiles against an API that is not the server's.
 */
describe('the console API types (apps/web/src/api/schema.d.ts)', () => {
  it('match the OpenAPI document the server serves now', async () => {
    const fresh = await generateSchemaText();
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    expect(checkedIn === fresh, 'apps/web/src/api/schema.d.ts is stale: run npm run generate:web-api and commit it').toBe(true);
  }, 60_000);
});
