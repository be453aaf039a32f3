import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/support/cli-process.ts';
import { createTestServer, type TestServer } from '../../../test/support/test-server.ts';

// Each test here runs the CLI as a process several times (about a second each on a busy 2-core machine).
vi.setConfig({ testTimeout: 90_000 });

/** `smarteros ai knowledge add|list` end to end: a listening server on a fresh test database, the CLI as a process. */
let t: TestServer;
let configDir: string;
let tenant = '';
const RUT = rutFromBody(76_520_001);

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  configDir = mkdtempSync(join(tmpdir(), 'smarteros-ai-cli-'));
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: RUT, business_name: 'Librería Andes', contact_email: 'x@x.cl' } })).body.id);
});
afterAll(async () => {
  await t?.close();
});

const cli = (args: string[]) => runCli(args, { url: t.server.url, token: t.adminToken, configDir });

describe('smarteros ai knowledge', () => {
  it('adds an entry (in Spanish by default) and lists it, as a table and as JSON', async () => {
    const added = await cli(['ai', 'knowledge', 'add', '--tenant', RUT, '--question', '¿Cuál es el horario de atención?', '--answer', 'De lunes a viernes, de 9:00 a 18:00.', '--tag', 'horario,tienda']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Respuesta agregada \([0-9a-f-]{36}\)\./);

    const listed = await cli(['ai', 'knowledge', 'list', '--tenant', RUT]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('Pregunta');
    expect(listed.stdout).toContain('¿Cuál es el horario de atención?');
    expect(listed.stdout).toContain('horario, tienda');

    const json = await cli(['--json', 'ai', 'knowledge', 'list', '--tenant', tenant]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).items).toEqual([expect.objectContaining({ question: '¿Cuál es el horario de atención?', answer: 'De lunes a viernes, de 9:00 a 18:00.', tags: ['horario', 'tienda'], enabled: true })]);
    // The assistant answers from it.
    expect((await t.server.services.ai.answer(tenant, 'cual es el horario de atencion'))?.answer).toBe('De lunes a viernes, de 9:00 a 18:00.');
  });

  it('refuses a missing or empty answer locally, and a bad one by the API, naming the field (exit code 2)', async () => {
    const missing = await cli(['ai', 'knowledge', 'add', '--tenant', RUT, '--question', '¿Hacen envíos?']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--answer');
    const empty = await cli(['ai', 'knowledge', 'add', '--tenant', RUT, '--question', '¿Hacen envíos?', '--answer', '   ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--answer: es obligatorio');
    const long = await cli(['--lang', 'en', 'ai', 'knowledge', 'add', '--tenant', RUT, '--question', '¿Hacen envíos?', '--answer', 'x'.repeat(4100)]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('answer');
    const none = await cli(['--lang', 'en', 'ai', 'knowledge', 'list']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--tenant');
  });
});
