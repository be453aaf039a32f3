import { rutFromBody } from '@smarteros/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../../test/support/test-server.ts';

/** AI: the knowledge the assistant answers from, on the credential's tenant; agents read, admins write. */
let t: TestServer;
let tenantA = '';
let tenantB = '';
const keys: Record<string, string> = {};

async function tenantWithKeys(body: number, name: string, prefix: string): Promise<string> {
  const id = String((await t.request({ method: 'POST', url: '/api/v1/tenants', body: { rut: rutFromBody(body), business_name: name, contact_email: 'x@x.cl' } })).body.id);
  for (const role of ['admin', 'agent']) keys[`${prefix}${role}`] = String((await t.request({ method: 'POST', url: `/api/v1/tenants/${id}/api-keys`, body: { name: role, role } })).body.key);
  return id;
}
const as = (key: string) => ({
  get: (url: string) => t.request({ method: 'GET', url, token: keys[key]! }),
  post: (url: string, body: unknown) => t.request({ method: 'POST', url, token: keys[key]!, body }),
  patch: (url: string, body: unknown) => t.request({ method: 'PATCH', url, token: keys[key]!, body }),
  delete: (url: string) => t.request({ method: 'DELETE', url, token: keys[key]! }),
});

beforeAll(async () => {
  t = await createTestServer();
  tenantA = await tenantWithKeys(76_510_001, 'Ferretería A', 'a_');
  tenantB = await tenantWithKeys(76_510_002, 'Panadería B', 'b_');
});
afterAll(async () => {
  await t?.close();
});

describe('knowledge entries', () => {
  it('are added by an admin, read by an agent, changed and deleted; the service answers from the enabled ones', async () => {
    const made = await as('a_admin').post('/api/v1/ai/knowledge', { question: '¿Cuál es el horario de atención?', answer: 'Atendemos de lunes a viernes de 9:00 a 18:00.', tags: ['horario', 'horario'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ question: '¿Cuál es el horario de atención?', tags: ['horario'], enabled: true, created_by: expect.any(String) });
    const id = String(made.body.id);
    await as('a_admin').post('/api/v1/ai/knowledge', { question: '¿Hacen despachos a regiones?', answer: 'Sí, a todo Chile por $5.990.', tags: ['despacho'] });

    const listed = await as('a_agent').get('/api/v1/ai/knowledge');
    expect(listed.status).toBe(200);
    expect((listed.body.items as Array<{ question: string }>).map((e) => e.question)).toEqual(['¿Hacen despachos a regiones?', '¿Cuál es el horario de atención?']);
    expect(((await as('a_agent').get('/api/v1/ai/knowledge?tag=despacho')).body.items as unknown[]).length).toBe(1);
    expect((await as('a_agent').post('/api/v1/ai/knowledge', { question: 'x', answer: 'y' })).status).toBe(403);

    expect(await t.server.services.ai.answer(tenantA, 'cual es el horario de atencion')).toEqual({ answer: 'Atendemos de lunes a viernes de 9:00 a 18:00.', entry_id: id, score: expect.any(Number) });
    const changed = await as('a_admin').patch(`/api/v1/ai/knowledge/${id}`, { answer: 'Atendemos de lunes a sábado de 9:00 a 19:00.', enabled: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ answer: 'Atendemos de lunes a sábado de 9:00 a 19:00.', enabled: false, question: '¿Cuál es el horario de atención?' });
    // Disabled: the assistant no longer answers from it.
    expect(await t.server.services.ai.answer(tenantA, 'cual es el horario de atencion')).toBeNull();
    await as('a_admin').patch(`/api/v1/ai/knowledge/${id}`, { enabled: true });
    expect((await t.server.services.ai.answer(tenantA, 'horarios de atencion'))?.answer).toBe('Atendemos de lunes a sábado de 9:00 a 19:00.');

    expect((await as('a_admin').delete(`/api/v1/ai/knowledge/${id}`)).status).toBe(204);
    expect((await as('a_admin').delete(`/api/v1/ai/knowledge/${id}`)).status).toBe(404);
    expect(await t.server.services.ai.answer(tenantA, 'cual es el horario de atencion')).toBeNull();
  });

  it('refuses bad input with a 400 that names the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ answer: 'sin pregunta' }, 'question'],
      [{ question: '   ', answer: 'x' }, 'question'],
      [{ question: 'hola', answer: 'x'.repeat(4097) }, 'answer'],
      [{ question: 'hola', answer: 'x', tags: 'no-es-lista' }, 'tags'],
      [{ question: 'hola', answer: 'x', enabled: 'si' }, 'enabled'],
    ];
    for (const [body, field] of cases) {
      const res = await as('a_admin').post('/api/v1/ai/knowledge', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error?.details)).toContain(field);
    }
    const made = await as('a_admin').post('/api/v1/ai/knowledge', { question: '¿Dónde están?', answer: 'En Providencia.' });
    expect((await as('a_admin').patch(`/api/v1/ai/knowledge/${String(made.body.id)}`, {})).status).toBe(400);
    expect((await as('a_admin').patch('/api/v1/ai/knowledge/not-an-id', { enabled: false })).status).toBe(400);
  });

  it("keeps each tenant's knowledge its own: another tenant's entry is 404, and never answers", async () => {
    const mine = await as('a_admin').post('/api/v1/ai/knowledge', { question: '¿Venden tornillos?', answer: 'Sí, de todas las medidas.' });
    const id = String(mine.body.id);
    expect((await as('b_admin').patch(`/api/v1/ai/knowledge/${id}`, { answer: 'robado' })).status).toBe(404);
    expect((await as('b_admin').delete(`/api/v1/ai/knowledge/${id}`)).status).toBe(404);
    expect(((await as('b_agent').get('/api/v1/ai/knowledge')).body.items as unknown[]).length).toBe(0);
    expect(await t.server.services.ai.answer(tenantB, 'venden tornillos')).toBeNull();
    expect((await t.server.services.ai.answer(tenantA, 'venden tornillos'))?.entry_id).toBe(id);
    // A platform admin names the tenant.
    const platform = await t.request({ method: 'GET', url: `/api/v1/ai/knowledge?tenant_id=${tenantB}` });
    expect(platform.status).toBe(200);
    expect((await t.request({ method: 'POST', url: `/api/v1/ai/knowledge?tenant_id=${tenantB}`, body: { question: '¿Tienen marraquetas?', answer: 'Sí, todo el día.' } })).status).toBe(201);
    expect((await as('a_agent').get(`/api/v1/ai/knowledge?tenant_id=${tenantB}`)).status).toBe(404);
  });
});
