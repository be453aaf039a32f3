import { AppError, findComuna, formatRut, normalizeRut, notFound, type Tx } from '@smarteros/kernel';
import { sql, type Selectable, type Updateable } from 'kysely';
import { normalizePhone } from '../identity/index.ts';
import { customerInput, customerQuery, customerUpdate, type CustomerInput, type CustomerOutput } from './erp.schema.ts';
import type { ErpCustomersTable } from './erp.tables.ts';
import { likePattern } from './products.ts';

/** Customers: RUT unique per tenant, the comuna from Chile's official list, linked to the chat contact of the same phone or e-mail. */

export function customerOut(row: Selectable<ErpCustomersTable>): CustomerOutput {
  const comuna = row.comuna_code === null ? undefined : findComuna(row.comuna_code);
  return {
    id: row.id,
    rut: row.rut === null ? null : formatRut(row.rut),
    razon_social: row.razon_social,
    giro: row.giro,
    address: row.address,
    comuna: comuna ? { code: comuna.code, name: comuna.name, region: comuna.region } : null,
    city: row.city,
    email: row.email,
    phone: row.phone,
    customer_group: row.customer_group,
    chat_contact_id: row.chat_contact_id,
    created_at: row.created_at.toISOString(),
  };
}

const invalid = (field: string, message: string): AppError => new AppError('validation_failed', `${field}: ${message}`, { issues: [{ path: field, message }] });

export function rutOf(input: string, field = 'rut'): string {
  const rut = normalizeRut(input);
  if (rut === null) throw invalid(field, 'not a valid RUT (check digit)');
  return rut;
}

function comunaCode(text: string): string {
  const c = findComuna(text);
  if (!c) throw invalid('comuna', 'not a comuna of Chile (name or CUT code)');
  return c.code;
}

/** The chat contact with the same phone (by its digits) or e-mail, when exactly one matches. */
export async function chatContactFor(tx: Tx, phone: string | null, email: string | null): Promise<string | null> {
  if (phone === null && email === null) return null;
  const digits = phone?.replace(/\D/g, '') ?? null;
  const rows = await tx
    .selectFrom('chat_contacts')
    .select('id')
    .where((eb) =>
      eb.or([
        ...(digits ? [eb(sql`regexp_replace(coalesce(phone, ''), '\\D', '', 'g')`, '=', digits)] : []),
        ...(email ? [eb(sql`lower(email)`, '=', email.toLowerCase())] : []),
      ]),
    )
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0]!.id : null;
}

export async function createCustomer(tx: Tx, tenantId: string, raw: CustomerInput): Promise<CustomerOutput> {
  const input = customerInput.parse(raw);
  const phone = input.phone === undefined ? null : normalizePhone(input.phone);
  const email = input.email?.toLowerCase() ?? null;
  const row = await tx
    .insertInto('erp_customers')
    .values({
      tenant_id: tenantId,
      rut: input.rut === undefined ? null : rutOf(input.rut),
      razon_social: input.razon_social,
      giro: input.giro ?? null,
      address: input.address ?? null,
      comuna_code: input.comuna === undefined ? null : comunaCode(input.comuna),
      city: input.city ?? null,
      email,
      phone,
      customer_group: input.customer_group ?? null,
      chat_contact_id: await chatContactFor(tx, phone, email),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return customerOut(row);
}

export async function updateCustomer(tx: Tx, customerId: string, raw: Partial<CustomerInput>, now: Date): Promise<CustomerOutput> {
  const input = customerUpdate.parse(raw);
  const patch: Updateable<ErpCustomersTable> = { updated_at: now };
  if (input.rut !== undefined) patch.rut = rutOf(input.rut);
  if (input.razon_social !== undefined) patch.razon_social = input.razon_social;
  if (input.giro !== undefined) patch.giro = input.giro;
  if (input.address !== undefined) patch.address = input.address;
  if (input.comuna !== undefined) patch.comuna_code = comunaCode(input.comuna);
  if (input.city !== undefined) patch.city = input.city;
  if (input.customer_group !== undefined) patch.customer_group = input.customer_group;
  if (input.email !== undefined) patch.email = input.email.toLowerCase();
  if (input.phone !== undefined) patch.phone = normalizePhone(input.phone);
  const row = await tx.updateTable('erp_customers').set(patch).where('id', '=', customerId).returningAll().executeTakeFirst();
  if (!row) throw notFound('customer');
  if ((input.phone !== undefined || input.email !== undefined) && row.chat_contact_id === null) {
    const contact = await chatContactFor(tx, row.phone, row.email);
    if (contact) return customerOut(await tx.updateTable('erp_customers').set({ chat_contact_id: contact }).where('id', '=', customerId).returningAll().executeTakeFirstOrThrow());
  }
  return customerOut(row);
}

export async function getCustomer(tx: Tx, customerId: string): Promise<CustomerOutput> {
  const row = await tx.selectFrom('erp_customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('customer');
  return customerOut(row);
}

export async function listCustomers(tx: Tx, raw: { q?: string | undefined; rut?: string | undefined; limit?: number | undefined; offset?: number | undefined }): Promise<{ items: CustomerOutput[]; total: number }> {
  const query = customerQuery.parse(raw);
  let q = tx.selectFrom('erp_customers');
  if (query.rut !== undefined) q = q.where('rut', '=', rutOf(query.rut));
  if (query.q !== undefined) {
    const rut = normalizeRut(query.q);
    const pattern = likePattern(query.q);
    q = q.where((eb) => eb.or([eb(sql`search_text(razon_social || ' ' || coalesce(rut, '') || ' ' || coalesce(email, ''))`, 'like', sql`search_text(${pattern})`), ...(rut ? [eb('rut', '=', rut)] : [])]));
  }
  const rows = await q.selectAll().orderBy('razon_social').orderBy('id').limit(query.limit).offset(query.offset).execute();
  const count = await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(customerOut), total: count.n };
}
