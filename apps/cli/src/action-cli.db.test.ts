import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorSpec, KERNEL_ERRORS, TENANT_ROLES } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, type CliRun } from '../../../test/support/cli-process.ts';
import { createTestServer, type TestServer } from '../../../test/support/test-server.ts';

// Each test here runs the CLI as a process several times (about a second each on a busy 2-core machine).
vi.setConfig({ testTimeout: 90_000 });

/** `smarteros action …` end to end: a real server on a fresh test database, the CLI as a child process. */
let t: TestServer;
let tenantId = '';
let configDir = '';
const keys: Record<string, string> = {};

const cli = (role: string, ...args: string[]): Promise<CliRun> => runCli(args, { url: t.server.url, token: keys[role]!, configDir });
const json = <T>(run: CliRun): T => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};

beforeAll(async () => {
  t = await createTestServer({ listen: true });
  configDir = mkdtempSync(join(tmpdir(), 'smarteros-action-cli-'));
  const created = await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: '76.086.428-5', business_name: 'Tienda Los Andes SpA', contact_email: 'ti@losandes.cl' } });
  tenantId = String(created.body.id);
  for (const role of TENANT_ROLES) keys[role] = String((await t.request({ method: 'POST', url: `/api/v1/tenants/${tenantId}/api-keys`, body: { name: role, role } })).body.key);
});
afterAll(async () => {
  await t?.close();
});

describe('smarteros action', () => {
  it('lists what the role may run, titled in Spanish by default and in English with --lang en', async () => {
    const es = await cli('owner', 'action', 'list');
    expect(es.code, es.stderr).toBe(0);
    expect(es.stdout).toMatch(/Acción/);
    expect(es.stdout).toMatch(/smarteros\.tenant_profile +│ Perfil de la empresa +│ read +│ viewer/);
    expect(es.stdout).toMatch(/smarteros\.activate_product +│ Activar un producto +│ write +│ admin +│ sí/);
    const en = await cli('owner', 'action', 'list', '--lang', 'en');
    expect(en.stdout).toMatch(/smarteros\.tenant_profile +│ Company profile/);
    const viewer = json<{ items: Array<{ name: string }> }>(await cli('viewer', 'action', 'list', '--json'));
    expect(viewer.items.map((i) => i.name)).toEqual(['smarteros.tenant_profile', 'smarteros.products', 'smarteros.request_log_summary']);
    const show = await cli('viewer', 'action', 'show', 'smarteros.request_log_summary');
    expect(show.stdout).toMatch(/"format": "date-time"/);
    const hidden = await cli('viewer', 'action', 'show', 'smarteros.activate_product');
    expect(hidden.code).toBe(KERNEL_ERRORS.validation_failed.exit);
  });

  it('runs a read, and says in the audit that the CLI called', async () => {
    const res = json<{ result: { items: Array<{ product_code: string }> } }>(await cli('viewer', 'action', 'run', 'smarteros.products', '--json'));
    expect(res.result.items.length).toBeGreaterThan(0);
    const text = await cli('viewer', 'action', 'run', 'smarteros.tenant_profile');
    expect(text.stdout).toMatch(/^Acción smarteros\.tenant_profile: lista\.$/m);
    expect(text.stdout).toMatch(/"business_name": "Tienda Los Andes SpA"/);
    const audit = await t.request({ method: 'GET', url: `/api/v1/tenants/${tenantId}/mcp/invocations?source=cli`, token: keys.owner! });
    expect((audit.body.items as Array<{ tool: string; source: string }>).map((i) => i.tool)).toEqual(['smarteros.tenant_profile', 'smarteros.products']);
  });

  it('refuses bad input with the exit code of the error table, naming the field', async () => {
    const bad = await cli('owner', 'action', 'run', 'smarteros.activate_product', '--input', '{"product_code":"fax"}');
    expect(bad.code).toBe(KERNEL_ERRORS.validation_failed.exit);
    expect(bad.stderr).toMatch(/product_code/);
    const notJson = await cli('owner', 'action', 'run', 'smarteros.products', '--input', '{nope');
    expect(notJson.code).toBe(KERNEL_ERRORS.validation_failed.exit);
    expect(notJson.stderr).toMatch(/--input/);
    const badName = await cli('owner', 'action', 'run', 'sin punto');
    expect(badName.code).toBe(KERNEL_ERRORS.validation_failed.exit);
    const unknown = await cli('owner', 'action', 'run', 'smarteros.nothing');
    expect(unknown.code).toBe(KERNEL_ERRORS.not_found.exit);
    const role = await cli('viewer', 'action', 'run', 'smarteros.activate_product', '--input', '{"product_code":"ai"}');
    expect(role.code).toBe(KERNEL_ERRORS.forbidden.exit);
  });

  it('a write waits for confirmation; an agent cannot approve it, the owner approves it once', async () => {
    const asked = await cli('admin', 'action', 'run', 'smarteros.activate_product', '--input', '{"product_code":"ai"}');
    expect(asked.code, asked.stderr).toBe(0);
    const id = /smarteros action approve ([0-9a-f-]{36})/.exec(asked.stdout)?.[1];
    expect(asked.stdout).toMatch(/espera confirmación: no se hizo nada/);
    expect(id).toBeDefined();
    const pending = await cli('viewer', 'action', 'confirmations');
    expect(pending.stdout).toContain(id!);
    expect(pending.stdout).toMatch(/smarteros\.activate_product +│ pending +│ api_key:\S+ +│ cli/);
    expect((await cli('agent', 'action', 'approve', id!)).code).toBe(KERNEL_ERRORS.forbidden.exit);
    const approved = await cli('owner', 'action', 'approve', id!);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/^Aprobada y ejecutada: smarteros\.activate_product\.$/m);
    expect(approved.stdout).toMatch(/"status": "trial"/);
    const again = await cli('owner', 'action', 'approve', id!, '--lang', 'en');
    expect(again.code).toBe(errorSpec('confirmation_not_pending').exit);
    expect(again.stderr).toMatch(/approved/);
  });

  it('rejects a pending write, which then never runs', async () => {
    const asked = json<{ confirmation: { confirmation_id: string } }>(await cli('owner', 'action', 'run', 'smarteros.activate_product', '--input', '{"product_code":"analytics","mode":"subscription"}', '--json'));
    const id = asked.confirmation.confirmation_id;
    const rejected = await cli('owner', 'action', 'reject', id);
    expect(rejected.stdout).toMatch(/^Rechazada: smarteros\.activate_product; no se ejecutará\.$/m);
    const list = json<{ items: Array<{ id: string; status: string }> }>(await cli('owner', 'action', 'confirmations', '--status', 'rejected', '--json'));
    expect(list.items).toEqual([expect.objectContaining({ id, status: 'rejected' })]);
    const products = json<{ result: { items: Array<{ product_code: string }> } }>(await cli('owner', 'action', 'run', 'smarteros.products', '--json'));
    expect(products.result.items.map((p) => p.product_code)).not.toContain('analytics');
    expect((await cli('owner', 'action', 'approve', 'no-es-un-id')).code).toBe(KERNEL_ERRORS.validation_failed.exit);
  });
});
