import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KERNEL_ERRORS, errorSpec } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hubSignature } from '@smarteros/modules/chat';
import { runCli } from '../../../test/support/cli-process.ts';
import { DEMO_INBOX } from './commands/seed.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestServer, type TestServer } from '../../../test/support/test-server.ts';

// Each test here runs the CLI as a process several times (about a second each on a busy 2-core machine).
vi.setConfig({ testTimeout: 90_000 });

/**
 * The CLI end to end: a real server listening on a fresh test database (PGlite, or PostgreSQL with DATABASE_URL),
 * and `smarteros` run as a child process against it, the way people run it.
 */

let t: TestServer;
let configDir: string;

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  configDir = mkdtempSync(join(tmpdir(), 'smarteros-cli-'));
});
afterAll(async () => {
  await t?.close();
});

/** Runs `smarteros <args>` with SMARTEROS_URL / SMARTEROS_TOKEN / SMARTEROS_CONFIG_DIR pointing at the test server. */
const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCli(args, { url: t.server.url, token: t.adminToken, configDir, env });

const countTenants = () =>
  t.testDb.db.asOwner(async (tx) => (await sql<{ n: number }>`select count(*)::int as n from tenants`.execute(tx)).rows[0]!.n);

describe('smarteros CLI', () => {
  it('refuses a wrong RUT locally, naming the field, with exit code 2, and writes nothing', async () => {
    const before = await countTenants();
    const res = await cli(['tenant', 'create', '76.086.428-4', 'Ferretería Los Andes SpA', 'contacto@losandes.cl']);
    expect(res.code).toBe(KERNEL_ERRORS.invalid_rut.exit);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^error: rut: /m);
    expect(res.stderr).toContain('dígito verificador');
    expect(res.stdout).toBe('');
    expect(await countTenants()).toBe(before);
  });

  it('creates a tenant, lists it as JSON and shows it by any spelling of its RUT', async () => {
    const created = await cli(['tenant', 'create', '76.086.428-5', 'Ferretería Los Andes SpA', 'contacto@losandes.cl']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('76.086.428-5');
    expect(created.stdout).toContain('Ferretería Los Andes SpA');

    const [list, table, ...shows] = await Promise.all([
      cli(['--json', 'tenant', 'list', '--search', 'Los Andes']),
      cli(['tenant', 'list']),
      cli(['tenant', 'show', '760864285']),
      cli(['tenant', 'show', ' 76086428-5 ']),
      cli(['--json', 'tenant', 'show', '076.086.428-5']),
    ]);
    expect(list.code).toBe(0);
    const page = JSON.parse(list.stdout) as { items: Array<{ rut: string; business_name: string }>; next_cursor: string | null };
    expect(page.items).toEqual([expect.objectContaining({ rut: '76086428-5', business_name: 'Ferretería Los Andes SpA' })]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/76\.086\.428-5 +│ Ferretería Los Andes SpA +│ trial/);
    for (const show of shows) expect(show.code, show.stderr).toBe(0);
    expect(shows[0]!.stdout).toContain('Ferretería Los Andes SpA  76.086.428-5');
    expect(shows[1]!.stdout).toContain('quedan 14 d');
    expect(JSON.parse(shows[2]!.stdout)).toMatchObject({ rut: '76086428-5', services_enabled: ['automation', 'chat', 'erp'] });
  });

  it('activates a product on trial; activating it again answers its state (idempotent)', async () => {
    const first = await cli(['product', 'activate', 'analytics', '--tenant', '76.086.428-5']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('analytics');
    expect(first.stdout).toMatch(/\(trial\)/);
    expect(first.stdout).toContain('quedan 14 d');

    const again = await cli(['product', 'activate', 'analytics', '--tenant', '76086428-5']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/\(trial\)/);

    const off = await cli(['product', 'deactivate', 'analytics', '--tenant', '76086428-5']);
    expect(off.code, off.stderr).toBe(0);
    const retrial = await cli(['product', 'activate', 'analytics', '--tenant', '76086428-5']);
    expect(retrial.code).toBe(errorSpec('trial_already_used').exit);
    expect(retrial.stderr).toMatch(/^error: /m);
    expect(retrial.stderr).toContain('--subscription');
    expect(retrial.stdout).toBe('');
    const paid = await cli(['product', 'activate', 'analytics', '--subscription', '--tenant', '76086428-5']);
    expect(paid.code, paid.stderr).toBe(0);
    expect(paid.stdout).toMatch(/\(active\)/);
  });

  it('assigns a subdomain under the base domain', async () => {
    const res = await cli(['domain', 'create', 'acme', '--tenant', '76.086.428-5']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('acme.smarterbot.cl');
  });

  it('seeds the demo tenant, and running it again completes without error', async () => {
    const first = await cli(['seed', 'demo']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('CLIENTE DEMO');
    expect(first.stdout).toContain('[99/99]');
    expect(first.stdout).toContain('pedidos del último mes: 90 / 90');
    expect(first.stdout).toContain('phone_number_id 100000000000001');
    const second = await cli(['seed', 'demo']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('11.111.111-1');
    const demo = String((await t.request({ method: 'GET', url: '/api/v1/tenants/11.111.111-1' })).body.id);
    // The ferretería: its catalog once, a month of orders once (the second run finds them), the stock they left.
    expect((await t.request({ method: 'GET', url: `/api/v1/erp/products?tenant_id=${demo}&limit=1` })).body.total).toBe(42);
    const orders = await t.testDb.db.withTenant(demo, (tx) => tx.selectFrom('orders').select(['status', 'created_at']).execute());
    expect(orders).toHaveLength(90);
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(['completed', 'paid', 'confirmed', 'cancelled']));
    const days = new Set(orders.map((o) => o.created_at.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(20);
    const hammer = ((await t.request({ method: 'GET', url: `/api/v1/erp/stock?tenant_id=${demo}&sku=MART-16` })).body.items as Array<{ available: string }>)[0]!;
    expect(Number(hammer.available)).toBeGreaterThan(0);

    // The demo's chat: a WhatsApp inbox with the assistant on and its FAQ, once however often the seed runs; a
    // customer's question typed without accents is answered from it.
    const demoId = String((await t.request({ method: 'GET', url: '/api/v1/tenants/11.111.111-1' })).body.id);
    const inboxes = (await t.request({ method: 'GET', url: `/api/v1/chat/inboxes?tenant_id=${demoId}` })).body.items as Array<{ external_id: string; assistant_enabled: boolean }>;
    expect(inboxes).toEqual([expect.objectContaining({ external_id: DEMO_INBOX.phone_number_id, assistant_enabled: true })]);
    expect(((await t.request({ method: 'GET', url: `/api/v1/ai/knowledge?tenant_id=${demoId}` })).body.items as unknown[]).length).toBe(4);
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: DEMO_INBOX.phone_number_id }, messages: [{ from: '56922222222', id: 'wamid.seed1', timestamp: String(Math.floor(t.clock.now().getTime() / 1000)), type: 'text', text: { body: 'cual es el horario de atencion?' } }] } }] }],
    });
    const hook = await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(raw, DEMO_INBOX.app_secret) } });
    expect(hook.status).toBe(200);
    const relay = t.server.services.relay;
    for (let i = 0; i < 5; i++) {
      while ((await relay.relayOnce()) > 0);
      await relay.deliverOnce('chat.ingest');
      await relay.deliverOnce('chat.assistant');
    }
    const [conversation] = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations?tenant_id=${demoId}` })).body.items as Array<{ id: string }>;
    const thread = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations/${conversation!.id}/messages?tenant_id=${demoId}` })).body.items as Array<{ sender_type: string; content: string }>;
    expect(thread.find((m) => m.sender_type === 'bot')?.content).toContain('lunes a viernes');
    // Asked on WhatsApp for a product, the demo's assistant answers with the catalog's real stock.
    const ask = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: DEMO_INBOX.phone_number_id }, messages: [{ from: '56922222222', id: 'wamid.seed2', timestamp: String(Math.floor(t.clock.now().getTime() / 1000)), type: 'text', text: { body: '¿tienen martillos?' } }] } }] }],
    });
    expect((await t.request({ method: 'POST', url: '/webhooks/whatsapp', token: null, body: ask, headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(ask, DEMO_INBOX.app_secret) } })).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      while ((await relay.relayOnce()) > 0);
      await relay.deliverOnce('chat.ingest');
      await relay.deliverOnce('chat.assistant');
    }
    const after = (await t.request({ method: 'GET', url: `/api/v1/chat/conversations/${conversation!.id}/messages?tenant_id=${demoId}` })).body.items as Array<{ sender_type: string; content: string }>;
    expect(after[0]).toMatchObject({ sender_type: 'bot', content: expect.stringContaining(`Martillo carpintero 16 oz mango fibra (MART-16): $8.990, ${Number(hammer.available)} disponible`) });

    const found = await t.request({ method: 'GET', url: '/api/v1/tenants?q=CLIENTE%20DEMO' });
    const items = found.body.items as Array<{ id: string; business_name: string; plan: string; services_enabled: string[]; primary_domain: string }>;
    expect(items.filter((x) => x.business_name === 'CLIENTE DEMO')).toHaveLength(1);
    expect(items[0]).toMatchObject({ plan: 'demo', primary_domain: 'demo.smarterbot.cl' });
    expect(items[0]!.services_enabled).toEqual(['automation', 'chat', 'erp']);
    const detail = await t.request({ method: 'GET', url: '/api/v1/tenants/11.111.111-1' });
    const integrations = detail.body.integrations as Array<{ integration_type: string; status: string }>;
    expect(integrations.map((i) => [i.integration_type, i.status]).sort()).toEqual([
      ['chatwoot', 'pending'],
      ['n8n', 'pending'],
      ['odoo', 'pending'],
    ]);
    const products = detail.body.products as Array<{ trial_seconds_left: number }>;
    expect(products.every((p) => p.trial_seconds_left === 24 * 3600)).toBe(true);
  });

  it('shows the demo tenant in the overview (v_tenant_overview)', async () => {
    const table = await cli(['overview', '--search', 'cliente demo']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('11.111.111-1');
    expect(table.stdout).toContain('demo.smarterbot.cl');
    const json = await cli(['--json', 'overview', '--search', 'cliente demo']);
    expect(JSON.parse(json.stdout).items[0]).toMatchObject({ has_chat: true, has_erp: true, has_automation: true, has_analytics: false });
  });

  it('logs in, keeps the token in credentials.json (mode 0600) and uses it without SMARTEROS_TOKEN', async () => {
    const login = await cli(['login', '--email', ADMIN_EMAIL, '--password', ADMIN_PASSWORD], { SMARTEROS_TOKEN: undefined });
    expect(login.code, login.stderr).toBe(0);
    const file = join(configDir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { url: string; token: string; expires_at: string };
    expect(stored.url).toBe(t.server.url);
    expect(stored.token).toMatch(/^ey/);
    expect(Date.parse(stored.expires_at)).toBeGreaterThan(Date.now());

    const token = await cli(['token'], { SMARTEROS_TOKEN: undefined });
    expect(token.stdout.trim()).toBe(stored.token);
    const me = await cli(['--json', 'whoami'], { SMARTEROS_TOKEN: undefined });
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ kind: 'user', role: 'platform_admin' });

    const out = await cli(['logout'], { SMARTEROS_TOKEN: undefined });
    expect(out.code).toBe(0);
    const anonymous = await cli(['whoami'], { SMARTEROS_TOKEN: undefined });
    expect(anonymous.code).toBe(KERNEL_ERRORS.unauthorized.exit);
    expect(anonymous.stderr).toContain('smarteros login');
  });

  it('says how to start the server when nothing listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = s.address() as { port: number };
        s.close(() => resolve(p));
      });
    });
    const res = await cli(['--lang', 'en', 'tenant', 'list'], { SMARTEROS_URL: `http://127.0.0.1:${port}` });
    expect(res.code).not.toBe(0);
    expect(res.code).toBe(KERNEL_ERRORS.unavailable.exit);
    expect(res.stderr).toContain(`no SmarterOS server is listening at http://127.0.0.1:${port}`);
    expect(res.stderr).toContain('npm start');
    expect(res.stderr).toContain('--url');
  });
});

describe('smarteros events: the outbox dead letters', () => {
  it('lists dead deliveries in Spanish and English, as JSON, and retries one and then all of a subscriber', async () => {
    let failing = true;
    t.server.services.relay.subscribe({
      name: 'test.cli_webhook',
      topics: ['tenant.created'],
      maxAttempts: 1,
      handler: () => {
        if (failing) throw new Error('webhook answered 503');
      },
    });
    for (const [rut, name] of [
      ['77.777.777-7', 'Eventos Uno SpA'],
      ['88.888.888-8', 'Eventos Dos SpA'],
    ] as const) {
      expect((await cli(['tenant', 'create', rut, name, 'eventos@x.cl'])).code).toBe(0);
    }
    // The server's own relay loop may hold the events while it fans them out: run until both are settled.
    const settled = async (status: string) =>
      (await t.testDb.db.asOwner((tx) => tx.selectFrom('outbox_deliveries').select('event_id').where('subscriber', '=', 'test.cli_webhook').where('status', '=', status as 'dead').execute())).length;
    while ((await settled('dead')) < 2) await t.server.services.relay.relayOnce();

    const es = await cli(['events', 'dead', '--subscriber', 'test.cli_webhook']);
    expect(es.code, es.stderr).toBe(0);
    expect(es.stdout).toContain('Suscriptor');
    expect(es.stdout).toContain('webhook answered 503');
    expect(es.stdout).toContain('2 entregas muertas');
    const en = await cli(['--lang', 'en', 'events', 'dead', '--subscriber', 'test.cli_webhook']);
    expect(en.stdout).toContain('2 dead deliveries');
    const oneTenant = await cli(['--json', 'events', 'dead', '--subscriber', 'test.cli_webhook', '--tenant', '77.777.777-7', '--limit', '5']);
    expect(oneTenant.code, oneTenant.stderr).toBe(0);
    expect((JSON.parse(oneTenant.stdout) as { items: unknown[] }).items).toHaveLength(1);
    const json = await cli(['--json', 'events', 'dead', '--subscriber', 'test.cli_webhook']);
    const page = JSON.parse(json.stdout) as { items: Array<{ event_id: number; status: string; topic: string }> };
    expect(page.items.map((d) => [d.status, d.topic])).toEqual([
      ['dead', 'tenant.created'],
      ['dead', 'tenant.created'],
    ]);

    failing = false;
    const which = await cli(['events', 'retry', 'test.cli_webhook']);
    expect(which.code).toBe(KERNEL_ERRORS.validation_failed.exit);
    expect(which.stderr).toContain('--all');
    const one = await cli(['events', 'retry', 'test.cli_webhook', String(page.items[0]!.event_id)]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('1 entrega en cola de nuevo.');
    const again = await cli(['--lang', 'en', 'events', 'retry', 'test.cli_webhook', String(page.items[0]!.event_id)]);
    expect(again.code).toBe(KERNEL_ERRORS.delivery_not_dead.exit);
    const all = await cli(['--json', 'events', 'retry', 'test.cli_webhook', '--all']);
    expect(JSON.parse(all.stdout)).toEqual({ retried: 1 });
    while ((await settled('delivered')) < 2) await t.server.services.relay.relayOnce();
    expect((await cli(['events', 'dead', '--subscriber', 'test.cli_webhook'])).stdout).toContain('No hay entregas muertas.');
    const subs = await cli(['--json', 'events', 'subscribers']);
    expect((JSON.parse(subs.stdout) as { items: Array<{ subscriber: string; delivered: number; dead: number }> }).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ subscriber: 'test.cli_webhook', delivered: 2, dead: 0 })]),
    );
    // The tenant's events still need their tenant.
    const missing = await cli(['events']);
    expect(missing.code).toBe(KERNEL_ERRORS.validation_failed.exit);
  });
});
