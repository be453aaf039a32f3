import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { drainOutbox, signedDelivery, whatsappDelivery, whatsappText } from '../../../test/support/chat.ts';
import { runCli } from '../../../test/support/cli-process.ts';
import { createTestServer, type TestServer } from '../../../test/support/test-server.ts';

// Each test runs the CLI as a process several times (about a second each on a busy 2-core machine).
vi.setConfig({ testTimeout: 90_000 });

/** `smarteros chat inbox create|list` and `smarteros chat conversations` end to end, the CLI as a process. */
let t: TestServer;
let configDir: string;
let tenant = '';
const RUT = rutFromBody(76_530_001);
const SECRETS = { access_token: 'EAAG-cli-access-token-000000000001', app_secret: 'cli-app-secret-5e4d3c2b1a', verify_token: 'cli-verify-token-2026-abc' };
const PHONE = '105900000000001';

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  configDir = mkdtempSync(join(tmpdir(), 'smarteros-chat-cli-'));
  tenant = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: RUT, business_name: 'Ferretería Los Andes', contact_email: 'x@x.cl' } })).body.id);
});
afterAll(async () => {
  await t?.close();
});

const cli = (args: string[], stdin?: string) => runCli(args, { url: t.server.url, token: t.adminToken, configDir, ...(stdin !== undefined ? { stdin } : {}) });

describe('smarteros chat', () => {
  it('connects a WhatsApp inbox with its secrets from stdin, never printing them, and lists it', async () => {
    const made = await cli(['chat', 'inbox', 'create', '--tenant', RUT, '--channel', 'whatsapp', '--name', 'WhatsApp ventas', '--phone-number-id', PHONE, '--waba-id', '205900000000001', '--secrets-file', '-'], JSON.stringify(SECRETS));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^Bandeja «WhatsApp ventas» conectada \([0-9a-f-]{36}\)\./);
    expect(made.stdout).toContain('/webhooks/whatsapp');

    const listed = await cli(['chat', 'inbox', 'list', '--tenant', RUT]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('WhatsApp ventas');
    expect(listed.stdout).toContain(PHONE);
    expect(listed.stdout).toContain(`access_token …${SECRETS.access_token.slice(-4)}`);
    const json = await cli(['--json', 'chat', 'inbox', 'list', '--tenant', tenant]);
    expect(JSON.parse(json.stdout).items).toEqual([expect.objectContaining({ channel_type: 'whatsapp', external_id: PHONE, config: { waba_id: '205900000000001' } })]);
    for (const out of [made.stdout, made.stderr, listed.stdout, json.stdout]) for (const secret of Object.values(SECRETS)) expect(out).not.toContain(secret);
  });

  it('lists conversations with their contact, status and time, filters by status, and pages', async () => {
    for (const [i, name] of ['Camila Rojas', 'Diego Soto'].entries()) {
      const body = whatsappDelivery([{ phone: PHONE, contacts: [{ wa_id: `5691234000${i}`, profile: { name } }], messages: [whatsappText(`wamid.CLI${i}`, `5691234000${i}`, 'Hola, ¿tienen taladros?', 1_780_000_000 + i * 60)] }]);
      const { raw, signature } = signedDelivery(body, SECRETS.app_secret);
      const res = await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } });
      expect(res.status).toBe(200);
    }
    await drainOutbox(t.server.services.relay, 'chat.ingest');

    const all = await cli(['chat', 'conversations', '--tenant', RUT]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('Camila Rojas');
    expect(all.stdout).toContain('Diego Soto');
    expect(all.stdout).toContain('Abierta');
    // 1_780_000_060 s is 2026-05-28 20:27 UTC: 16:27 in Santiago (UTC-4 in May).
    expect(all.stdout).toContain('28-05-2026, 16:27');
    const resolved = await cli(['chat', 'conversations', '--tenant', RUT, '--status', 'resolved']);
    expect(resolved.stdout).toContain('No hay conversaciones con esos filtros.');

    const first = JSON.parse((await cli(['--json', 'chat', 'conversations', '--tenant', RUT, '--limit', '1'])).stdout) as { items: Array<{ contact: { name: string } }>; next_cursor: string };
    expect(first.items.map((c) => c.contact.name)).toEqual(['Diego Soto']);
    const second = JSON.parse((await cli(['--json', 'chat', 'conversations', '--tenant', RUT, '--limit', '1', '--cursor', first.next_cursor])).stdout) as { items: Array<{ contact: { name: string } }> };
    expect(second.items.map((c) => c.contact.name)).toEqual(['Camila Rojas']);
  });

  it('refuses bad options before asking for a secret or sending anything, naming the option (exit code 2)', async () => {
    const cases: Array<[string[], string | undefined, string]> = [
      [['--channel', 'fax', '--name', 'X'], undefined, '--channel: "fax" no es un canal'],
      [['--channel', 'whatsapp', '--name', 'X', '--secrets-file', '-'], JSON.stringify(SECRETS), '--phone-number-id: es obligatorio'],
      [['--channel', 'telegram', '--name', 'X', '--phone-number-id', '1'], undefined, '--phone-number-id: no corresponde al canal telegram'],
      [['--channel', 'whatsapp', '--name', 'X', '--phone-number-id', PHONE], undefined, '--secrets-file: es obligatorio sin terminal'],
      [['--channel', 'telegram', '--name', 'X', '--secrets-file', '-'], JSON.stringify({ bot_token: '1:x', password: 'y' }), '--secrets-file: "password" no es un secreto de telegram'],
      [['--channel', 'whatsapp', '--name', 'X', '--phone-number-id', PHONE, '--secrets-file', '-'], JSON.stringify({ access_token: SECRETS.access_token }), '--secrets-file: app_secret: es obligatorio'],
    ];
    for (const [args, stdin, message] of cases) {
      const run = await cli(['chat', 'inbox', 'create', '--tenant', RUT, ...args], stdin);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(message);
    }
    // The API's own check, naming the field: a number that is not digits.
    const api = await cli(['--lang', 'en', 'chat', 'inbox', 'create', '--tenant', RUT, '--channel', 'whatsapp', '--name', 'X', '--phone-number-id', '+56 9', '--secrets-file', '-'], JSON.stringify(SECRETS));
    expect(api.code).toBe(2);
    expect(api.stderr).toContain('config.phone_number_id');
    const status = await cli(['chat', 'conversations', '--tenant', RUT, '--status', 'cerrada']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--status: "cerrada" no es un estado');
    expect((await t.request({ method: 'GET', url: `/api/v1/chat/inboxes?tenant_id=${tenant}` })).body.items).toHaveLength(1);
  });
});
