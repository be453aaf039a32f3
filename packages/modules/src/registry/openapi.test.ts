import { readFileSync } from 'node:fs';
import { AppError } from '@smarteros/kernel';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseOpenApi, type EndpointDraft, type JsonSchema, type OpenApiIssue, type ParsedApi } from './openapi.ts';
import { MAX_DEPTH, MAX_INLINE_NODES } from './openapi-schema.ts';
import { tokensAtLine } from './openapi-validate.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const fixture = (name: string) => readFileSync(new URL(`../../../../test/fixtures/openapi/${name}`, import.meta.url), 'utf8');
const TIENDA = fixture('tienda.yaml');
const PAGOS = fixture('pagos-3.1.json');

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  return ajv;
}

function endpoint(api: ParsedApi, name: string): EndpointDraft {
  const found = api.endpoints.find((e) => e.semantic_name === name);
  if (!found) throw new Error(`no endpoint ${name}`);
  return found;
}

async function refusal(input: string | Record<string, unknown>): Promise<{ error: AppError; issues: OpenApiIssue[] }> {
  const error = await parseOpenApi(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe('unprocessable');
  expect(appError.status).toBe(422);
  const issues = appError.details?.issues as OpenApiIssue[];
  expect(Array.isArray(issues) && issues.length > 0).toBe(true);
  for (const issue of issues) expect(Object.keys(issue).sort()).toEqual(['message', 'path']);
  return { error: appError, issues };
}

/** Every `$ref` string anywhere under a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/** The recursion convention: a root's only references are `#/$defs/<Name>` entries of that same root. */
function expectSelfContained(root: JsonSchema): void {
  const defs = (root.$defs ?? {}) as Record<string, unknown>;
  for (const ref of refsIn(root)) {
    expect(ref).toMatch(/^#\/\$defs\/[A-Za-z0-9_.-]+$/);
    expect(Object.hasOwn(defs, ref.slice('#/$defs/'.length))).toBe(true);
  }
}

/** A minimal valid 3.0 document around some paths (and components). */
const doc30 = (paths: Record<string, unknown>, components: Record<string, unknown> = {}): Record<string, unknown> => ({
  openapi: '3.0.3',
  info: { title: 'Mini', version: '1.0.0' },
  paths,
  components,
});
const ok = (schema?: unknown) => ({ '200': { description: 'ok', ...(schema ? { content: { 'application/json': { schema } } } : {}) } });

describe('parseOpenApi: tienda.yaml (OpenAPI 3.0.3, YAML)', () => {
  let api: ParsedApi;
  beforeAll(async () => {
    api = await parseOpenApi(TIENDA);
  });

  it('reads the document: title, version, servers (variables replaced by their defaults)', () => {
    expect(api.title).toBe('Tienda Los Andes API');
    expect(api.version).toBe('2.4.0');
    expect(api.openapi).toBe('3.0.3');
    expect(api.servers).toEqual(['https://api.tiendalosandes.cl/v2', 'https://sandbox.tiendalosandes.cl/v2']);
  });

  it('makes one endpoint per operation, paths in document order and methods in a fixed order, with unique names', () => {
    expect(api.endpoints.map((e) => `${e.method} ${e.path} ${e.semantic_name}`)).toEqual([
      'GET /products listProducts',
      'POST /products createProduct',
      'GET /products/{product_id} getProduct',
      'PUT /products/{product_id} replaceProduct',
      'PATCH /products/{product_id} updateProduct',
      'DELETE /products/{product_id} deleteProduct',
      'POST /products/{product_id}/images uploadProductImage',
      'GET /products/{product_id}/stock getProductStock',
      'GET /categories listCategories',
      'POST /categories createCategory',
      'GET /categories/{category_id} getCategory',
      'GET /stock/movements listStockMovements',
      'POST /stock/movements createStockMovement',
      'GET /warehouses get_warehouses',
      'GET /customers listCustomers',
      'POST /customers createCustomer',
      'GET /customers/{customer_id} getCustomer',
      'PATCH /customers/{customer_id} updateCustomer',
      'GET /customers/{customer_id}/orders listOrders',
      'GET /orders listOrders_2',
      'POST /orders createOrder',
      'GET /orders/{order_id} getOrder',
      'POST /orders/{order_id}/cancel cancelOrder',
      'GET /orders/{order_id}/lines listOrderLines',
      'POST /orders/{order_id}/lines addOrderLine',
      'DELETE /orders/{order_id}/lines/{line_id} removeOrderLine',
      'POST /orders/{order_id}/comments addOrderComment',
      'GET /invoices listInvoices',
      'POST /invoices issueInvoice',
      'GET /invoices/{folio} getInvoice',
      'GET /invoices/{folio}/pdf getInvoicePdf',
      'POST /invoices/{folio}/credit-notes issueCreditNote',
      'GET /payments listPayments',
      'POST /payments createPayment',
      'POST /payments/{payment_id}/refunds refundPayment',
      'POST /shipments createShipment',
      'GET /shipments/{id} getShipment',
      'GET /webhooks/subscriptions listWebhookSubscriptions',
      'POST /webhooks/subscriptions createWebhookSubscription',
      'DELETE /webhooks/subscriptions/{subscription_id} deleteWebhookSubscription',
      'GET /reports/sales getSalesReport',
      'GET /reports/stock-valuation Reportes_ValorizacionStock',
    ]);
    expect(new Set(api.endpoints.map((e) => e.semantic_name.toLowerCase())).size).toBe(42);
  });

  it('keeps the operationId as written, null when there is none', () => {
    expect(endpoint(api, 'get_warehouses').operation_id).toBeNull();
    expect(endpoint(api, 'Reportes_ValorizacionStock').operation_id).toBe('Reportes/ValorizacionStock');
    expect(endpoint(api, 'listOrders_2').operation_id).toBe('listOrders');
    expect(api.endpoints.filter((e) => e.operation_id === null)).toHaveLength(1);
  });

  it('takes the summary, else the first line of the description; marks deprecated operations', () => {
    const product = endpoint(api, 'getProduct');
    expect(product.summary).toBe('Obtiene un producto por su identificador.');
    expect(product.description).toBe(
      'Obtiene un producto por su identificador.\nIncluye el precio vigente en pesos chilenos (CLP, IVA incluido).',
    );
    expect(endpoint(api, 'listProducts')).toMatchObject({ summary: 'Lista los productos del catálogo', description: null });
    expect(api.endpoints.filter((e) => e.deprecated).map((e) => e.semantic_name)).toEqual(['Reportes_ValorizacionStock']);
  });

  it('schema_in of listProducts: shared parameters ($ref) with their descriptions and x-in', () => {
    expect(endpoint(api, 'listProducts').schema_in).toEqual({
      type: 'object',
      properties: {
        page: { type: 'integer', minimum: 1, default: 1, description: 'Número de página (desde 1)', 'x-in': 'query' },
        page_size: { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Elementos por página', 'x-in': 'query' },
        q: { type: 'string', maxLength: 100, description: 'Texto a buscar en el nombre o el SKU', 'x-in': 'query' },
        category_id: { type: 'integer', format: 'int64', 'x-in': 'query' },
        sort: { type: 'string', enum: ['name', '-name', 'price', '-price', 'created_at', '-created_at'], default: 'name', 'x-in': 'query' },
        'X-Request-Id': { type: 'string', format: 'uuid', description: 'Identificador de la solicitud, para soporte', 'x-in': 'header' },
      },
      required: [],
      additionalProperties: false,
    });
  });

  it('schema_in of createProduct: Authorization dropped, shared request body, nullable, exclusiveMinimum, examples', () => {
    expect(endpoint(api, 'createProduct').schema_in).toEqual({
      type: 'object',
      properties: {
        'Idempotency-Key': { type: 'string', minLength: 8, maxLength: 64, description: 'Clave para reintentar sin duplicar', 'x-in': 'header' },
        body: {
          type: 'object',
          required: ['sku', 'name', 'price'],
          properties: {
            sku: { type: 'string', pattern: '^[A-Z0-9-]{3,20}$', examples: ['ZAP-TREK-42'] },
            name: { type: 'string', maxLength: 120 },
            description: { type: ['string', 'null'] },
            price: { type: 'integer', description: 'Precio en CLP, IVA incluido', exclusiveMinimum: 0 },
            category_id: { type: 'integer', format: 'int64' },
            tax_exempt: { type: 'boolean', default: false },
            tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
          },
          description: 'Los datos del producto',
          'x-in': 'body',
        },
      },
      required: ['body'],
      additionalProperties: false,
    });
  });

  it('schema_in of getOrder: the operation parameter replaces the path-item one of the same name', () => {
    expect(endpoint(api, 'getOrder').schema_in).toEqual({
      type: 'object',
      properties: {
        order_id: { type: 'integer', format: 'int64', description: 'Número interno del pedido', 'x-in': 'path' },
        include: {
          type: 'string',
          enum: ['lines', 'customer', 'payments'],
          description: 'Relaciones a incluir (lines, customer, payments)',
          'x-in': 'query',
        },
      },
      required: ['order_id'],
      additionalProperties: false,
    });
  });

  it('schema_in of getShipment and addOrderComment: a second `id` and a parameter named `body` are renamed with x-name', () => {
    expect(endpoint(api, 'getShipment').schema_in).toEqual({
      type: 'object',
      properties: {
        id: { type: 'integer', description: 'ID del despacho', 'x-in': 'path' },
        query_id: {
          type: 'string',
          description: 'ID del envío en el courier (compatibilidad con la versión 1)',
          'x-in': 'query',
          'x-name': 'id',
        },
      },
      required: ['id'],
      additionalProperties: false,
    });
    expect(endpoint(api, 'addOrderComment').schema_in).toEqual({
      type: 'object',
      properties: {
        order_id: { type: 'integer', format: 'int64', description: 'Número interno del pedido', 'x-in': 'path' },
        query_body: {
          type: 'string',
          description: 'Texto del comentario (versión 1; use el cuerpo JSON)',
          deprecated: true,
          'x-in': 'query',
          'x-name': 'body',
        },
        body: {
          type: 'object',
          required: ['text'],
          properties: { text: { type: 'string', minLength: 1, maxLength: 2000 } },
          'x-in': 'body',
        },
      },
      required: ['order_id', 'body'],
      additionalProperties: false,
    });
  });

  it('schema_in of uploadProductImage: a multipart body is kept with x-content-type and a description', () => {
    expect(endpoint(api, 'uploadProductImage').schema_in).toEqual({
      type: 'object',
      properties: {
        product_id: { type: 'integer', format: 'int64', minimum: 1, description: 'ID del producto', examples: [1042], 'x-in': 'path' },
        body: {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', format: 'binary' }, alt: { type: 'string', description: 'Texto alternativo' } },
          description: 'La imagen (JPEG o PNG, hasta 5 MB). Sent as multipart/form-data (not JSON).',
          'x-in': 'body',
          'x-content-type': 'multipart/form-data',
        },
      },
      required: ['product_id', 'body'],
      additionalProperties: false,
    });
  });

  it('schema_in of listOrders_2: style/explode carried, the cookie parameter ignored', () => {
    const schema = endpoint(api, 'listOrders_2').schema_in;
    expect(Object.keys(schema.properties as object)).toEqual(['page', 'page_size', 'status']);
    expect((schema.properties as Record<string, unknown>).status).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['borrador', 'pendiente_pago', 'pagado', 'despachado', 'entregado', 'anulado'] },
      description: 'Uno o más estados',
      'x-in': 'query',
      'x-style': 'form',
      'x-explode': false,
    });
  });

  it('drops the header of an apiKey security scheme (X-Tienda-Key) and marks a +json body with its content type', () => {
    expect(Object.keys(endpoint(api, 'listCustomers').schema_in.properties as object)).toEqual(['page', 'page_size', 'rut']);
    const patch = endpoint(api, 'updateProduct').schema_in.properties as Record<string, JsonSchema>;
    expect(patch.body).toMatchObject({ 'x-in': 'body', 'x-content-type': 'application/merge-patch+json', minProperties: 1 });
  });

  it('leaves readOnly properties out of request bodies and writeOnly ones out of responses', () => {
    const webhook = endpoint(api, 'createWebhookSubscription');
    const bodyProps = ((webhook.schema_in.properties as Record<string, JsonSchema>).body!.properties ?? {}) as object;
    expect(Object.keys(bodyProps)).toEqual(['url', 'events', 'secret', 'active']);
    expect(Object.keys(webhook.schema_out!.properties as object)).toEqual(['id', 'url', 'events', 'active']);
    // In an allOf branch too, and `required` follows.
    const customer = (endpoint(api, 'updateCustomer').schema_in.properties as Record<string, JsonSchema>).body!;
    expect(customer.required).toEqual(['rut', 'name', 'email']);
  });

  it('schema_out: the first 2xx JSON response, fully resolved; null for 204, PDF and no content', () => {
    expect(endpoint(api, 'getProductStock').schema_out).toEqual({
      type: 'array',
      items: { type: 'object', properties: { warehouse: { type: 'string' }, available: { type: 'integer' }, reserved: { type: 'integer' } } },
    });
    expect(endpoint(api, 'deleteProduct').schema_out).toBeNull();
    expect(endpoint(api, 'getInvoicePdf').schema_out).toBeNull();
    expect(endpoint(api, 'addOrderComment').schema_out).toBeNull();
    // text/csv is listed first; the JSON one is taken.
    expect(endpoint(api, 'getSalesReport').schema_out).toMatchObject({ type: 'object', properties: { rows: { type: 'array' } } });
    // 202 with JSON.
    expect(endpoint(api, 'issueInvoice').schema_out).toMatchObject({ required: ['folio', 'tipo_dte', 'estado_sii', 'total'] });
    for (const e of api.endpoints) {
      if (e.semantic_name === 'getCategory' || e.semantic_name === 'listCategories' || e.semantic_name === 'createCategory') continue;
      expect(refsIn(e.schema_in)).toEqual([]);
      expect(refsIn(e.schema_out)).toEqual([]);
    }
  });

  it('keeps the recursive Category as $defs + $ref inside that one schema', () => {
    const category = {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'integer', format: 'int64', readOnly: true },
        name: { type: 'string' },
        parent_id: { type: ['integer', 'null'], format: 'int64' },
        children: { type: 'array', items: { $ref: '#/$defs/Category' } },
      },
    };
    expect(endpoint(api, 'getCategory').schema_out).toEqual({ $ref: '#/$defs/Category', $defs: { Category: category } });
    expect(endpoint(api, 'listCategories').schema_out).toEqual({ type: 'array', items: { $ref: '#/$defs/Category' }, $defs: { Category: category } });
    for (const e of api.endpoints) {
      expectSelfContained(e.schema_in);
      if (e.schema_out) expectSelfContained(e.schema_out);
    }
  });

  it('converts OpenAPI-only keywords: discriminator, xml, externalDocs and x- extensions are gone', () => {
    const text = JSON.stringify(api);
    for (const word of ['discriminator', 'nullable', '"xml"', 'externalDocs', 'x-currency', '"example"']) expect(text).not.toContain(word);
    const details = ((endpoint(api, 'createPayment').schema_in.properties as Record<string, JsonSchema>).body!.properties as Record<string, JsonSchema>).details;
    expect(details).toEqual({
      oneOf: [
        {
          type: 'object',
          required: ['method', 'authorization_code'],
          properties: {
            method: { type: 'string', enum: ['webpay'] },
            authorization_code: { type: 'string' },
            installments: { type: 'integer', minimum: 0, maximum: 48 },
          },
        },
        {
          type: 'object',
          required: ['method', 'bank'],
          properties: { method: { type: 'string', enum: ['transferencia'] }, bank: { type: 'string' }, reference: { type: 'string' } },
        },
      ],
    });
  });

  it('every schema_in and schema_out compiles with Ajv 2020-12 (strict: false, ajv-formats)', () => {
    const ajv = newAjv();
    for (const e of api.endpoints) {
      expect(() => ajv.compile(e.schema_in), e.semantic_name).not.toThrow();
      if (e.schema_out) expect(() => ajv.compile(e.schema_out!), e.semantic_name).not.toThrow();
    }
  });

  describe('sample inputs and outputs', () => {
    const ajv = newAjv();
    const input = (name: string): ValidateFunction => ajv.compile(endpoint(api, name).schema_in);
    const output = (name: string): ValidateFunction => ajv.compile(endpoint(api, name).schema_out!);

    it('createProduct', () => {
      const check = input('createProduct');
      const product = { sku: 'ZAP-TREK-42', name: 'Zapatilla trekking', price: 59990, description: null, tags: ['outdoor'] };
      expect(check({ body: product, 'Idempotency-Key': 'a1b2c3d4e5' })).toBe(true);
      expect(check({ body: { ...product, price: 0 } })).toBe(false); // exclusiveMinimum
      expect(check({ body: { name: 'sin sku', price: 1000 } })).toBe(false);
      expect(check({ body: product, Authorization: 'Bearer x' })).toBe(false); // not a property: the gateway sets it
      expect(check({})).toBe(false); // body required
    });

    it('getProduct, listOrders_2, listCustomers', () => {
      expect(input('getProduct')({ product_id: 1042 })).toBe(true);
      expect(input('getProduct')({})).toBe(false);
      expect(input('getProduct')({ product_id: 0 })).toBe(false);
      expect(input('listOrders_2')({ status: ['pagado', 'despachado'], page: 2 })).toBe(true);
      expect(input('listOrders_2')({ status: ['perdido'] })).toBe(false);
      expect(input('listOrders_2')({ session: 'abc' })).toBe(false);
      expect(input('listCustomers')({ rut: '76086428-5' })).toBe(true);
      expect(input('listCustomers')({ rut: '76.086.428-5' })).toBe(false);
    });

    it('createPayment (oneOf) and cancelOrder (nullable enum sibling)', () => {
      const pay = input('createPayment');
      expect(pay({ body: { order_id: 7, amount: 15990, details: { method: 'webpay', authorization_code: 'A1' } } })).toBe(true);
      expect(pay({ body: { order_id: 7, amount: 15990, details: { method: 'transferencia', bank: 'BancoEstado' } } })).toBe(true);
      expect(pay({ body: { order_id: 7, amount: 15990, details: { method: 'cheque' } } })).toBe(false);
      expect(input('cancelOrder')({ order_id: 9, body: { reason: 'sin_stock', comment: null } })).toBe(true);
      expect(input('cancelOrder')({ order_id: 9, body: { reason: 'aburrido' } })).toBe(false);
    });

    it('getCategory output: a tree of any depth', () => {
      const check = output('getCategory');
      const leaf = { id: 3, name: 'Zapatillas', parent_id: 2, children: [] };
      expect(check({ id: 1, name: 'Deportes', parent_id: null, children: [{ id: 2, name: 'Trekking', parent_id: 1, children: [leaf] }] })).toBe(true);
      expect(check({ id: 1, name: 'Deportes', children: [{ id: 2, children: [] }] })).toBe(false);
    });

    it('getOrder output', () => {
      const check = output('getOrder');
      const order = {
        id: 123,
        number: 'TLA-2024-000123',
        status: 'pagado',
        customer_id: 5,
        lines: [{ product_id: 1042, quantity: 2, unit_price: 59990, line_id: 1, subtotal: 119980 }],
        totals: { neto: 100824, iva: 19156, total: 119980 },
        notes: null,
      };
      expect(check(order)).toBe(true);
      expect(check({ ...order, status: 'perdido' })).toBe(false);
      expect(check({ ...order, lines: [{ product_id: 1042, quantity: 2, discount_pct: 100 }] })).toBe(false); // exclusiveMaximum
    });
  });

  it('is deterministic, from text or from the parsed object, and never changes its input', async () => {
    const again = await parseOpenApi(TIENDA);
    expect(again).toEqual(api);
    expect(JSON.stringify(again)).toBe(JSON.stringify(api));
    const object = parseYaml(TIENDA) as Record<string, unknown>;
    const before = structuredClone(object);
    expect(JSON.stringify(await parseOpenApi(object))).toBe(JSON.stringify(api));
    expect(object).toEqual(before);
  });
});

describe('parseOpenApi: pagos-3.1.json (OpenAPI 3.1, JSON)', () => {
  let api: ParsedApi;
  beforeAll(async () => {
    api = await parseOpenApi(PAGOS);
  });

  it('imports the paths (webhooks are not endpoints)', () => {
    expect(api).toMatchObject({ title: 'Pasarela Pagos Sur API', version: '1.3.0', openapi: '3.1.0', servers: ['https://api.pagossur.cl/v1'] });
    expect(api.endpoints.map((e) => `${e.method} ${e.path} ${e.semantic_name}`)).toEqual([
      'POST /payment-intents createPaymentIntent',
      'GET /payment-intents/{intent_id} getPaymentIntent',
      'PATCH /payment-intents/{intent_id} updatePaymentIntent',
      'POST /payment-intents/{intent_id}/capture capturePaymentIntent',
      'GET /refunds listRefunds',
      'POST /refunds createRefund',
      'GET /balance getBalance',
    ]);
  });

  it('schema_in of capturePaymentIntent: $ref into a schema`s $defs, with a sibling description (3.1)', () => {
    expect(endpoint(api, 'capturePaymentIntent').schema_in).toEqual({
      type: 'object',
      properties: {
        intent_id: { type: 'string', pattern: '^pi_[A-Za-z0-9]{16}$', examples: ['pi_4Fq9ZxL2mN8pQr7s'], 'x-in': 'path' },
        body: {
          type: 'object',
          properties: {
            amount: {
              type: 'integer',
              description: 'Monto a capturar; por omisión, el autorizado',
              exclusiveMinimum: 0,
              maximum: 100000000,
              examples: [15990],
            },
          },
          'x-in': 'body',
        },
      },
      required: ['intent_id'],
      additionalProperties: false,
    });
  });

  it('keeps type arrays with null, const and enum with null; leaves writeOnly out of responses', () => {
    const intent = endpoint(api, 'getPaymentIntent').schema_out!;
    expect(Object.keys(intent.properties as object)).toEqual(['id', 'amount', 'amount_captured', 'status', 'description', 'metadata', 'created_at']);
    expect((intent.properties as Record<string, unknown>).amount_captured).toEqual({ type: ['integer', 'null'] });
    expect((intent.properties as Record<string, unknown>).status).toEqual({
      type: 'string',
      enum: ['requiere_pago', 'autorizada', 'capturada', 'anulada', 'fallida'],
    });
    expect(intent).not.toHaveProperty('$defs');
    const refund = (endpoint(api, 'createRefund').schema_in.properties as Record<string, JsonSchema>).body!;
    expect((refund.properties as Record<string, unknown>).reason).toEqual({ enum: ['duplicado', 'fraude', 'solicitado_por_cliente', null] });
    const create = (endpoint(api, 'createPaymentIntent').schema_in.properties as Record<string, JsonSchema>).body!;
    expect((create.properties as Record<string, unknown>).currency).toEqual({ const: 'CLP' });
  });

  it('takes `default` when there is no 2xx response; a +json body carries its content type', () => {
    expect(endpoint(api, 'getBalance').schema_out).toEqual({
      type: 'object',
      required: ['available', 'pending'],
      properties: {
        available: { type: 'integer', description: 'Monto en CLP', exclusiveMinimum: 0, maximum: 100000000, examples: [15990] },
        pending: { type: 'integer', description: 'Monto en CLP', exclusiveMinimum: 0, maximum: 100000000, examples: [15990] },
        next_payout: { type: ['string', 'null'], format: 'date' },
      },
    });
    // 201 exists, so `default` (a problem+json error) is not used.
    expect(endpoint(api, 'createRefund').schema_out).toMatchObject({ required: ['id', 'intent_id', 'amount'] });
    expect((endpoint(api, 'updatePaymentIntent').schema_in.properties as Record<string, JsonSchema>).body).toMatchObject({
      'x-content-type': 'application/merge-patch+json',
    });
  });

  it('compiles, validates samples, and is deterministic', async () => {
    const ajv = newAjv();
    for (const e of api.endpoints) {
      expectSelfContained(e.schema_in);
      expect(refsIn(e.schema_out)).toEqual([]);
      ajv.compile(e.schema_in);
      if (e.schema_out) ajv.compile(e.schema_out);
    }
    const create = ajv.compile(endpoint(api, 'createPaymentIntent').schema_in);
    expect(create({ body: { amount: 15990, currency: 'CLP', description: null, metadata: { pedido: 'TLA-1' } } })).toBe(true);
    expect(create({ body: { amount: 15990, currency: 'USD' } })).toBe(false);
    expect(create({ body: { amount: 0, currency: 'CLP' } })).toBe(false);
    expect(create({ body: { amount: 100, currency: 'CLP', metadata: { n: 1 } } })).toBe(false);
    expect(JSON.stringify(await parseOpenApi(PAGOS))).toBe(JSON.stringify(api));
  });
});

describe('parseOpenApi: conventions on small documents', () => {
  it('nullable: type gains null, an enum gains null, a $ref / allOf becomes anyOf with null', async () => {
    const api = await parseOpenApi(
      doc30(
        {
          '/x': {
            get: {
              responses: ok({
                type: 'object',
                properties: {
                  a: { type: 'string', enum: ['x', 'y'], nullable: true },
                  b: { $ref: '#/components/schemas/B', nullable: true, description: 'la b' },
                  c: { allOf: [{ $ref: '#/components/schemas/B' }], nullable: true, description: 'la c' },
                  d: { nullable: true, description: 'anything' },
                  e: { type: 'number', maximum: 10, exclusiveMaximum: true, minimum: 1, exclusiveMinimum: false, example: 5 },
                },
              }),
            },
          },
        },
        { schemas: { B: { type: 'object', properties: { n: { type: 'integer' } } } } },
      ),
    );
    const b = { type: 'object', properties: { n: { type: 'integer' } } };
    expect(api.endpoints[0]!.schema_out).toEqual({
      type: 'object',
      properties: {
        a: { type: ['string', 'null'], enum: ['x', 'y', null] },
        b: { type: ['object', 'null'], properties: { n: { type: 'integer' } }, description: 'la b' },
        c: { anyOf: [{ allOf: [b] }, { type: 'null' }], description: 'la c' },
        d: { description: 'anything' },
        e: { type: 'number', exclusiveMaximum: 10, minimum: 1, examples: [5] },
      },
    });
    const check = newAjv().compile(api.endpoints[0]!.schema_out!);
    expect(check({ a: null, b: null, c: null, d: null, e: 9.5 })).toBe(true);
    expect(check({ e: 10 })).toBe(false);
    expect(check({ c: { n: 'x' } })).toBe(false);
  });

  it('mutual recursion: both schemas become $defs of the root, and samples validate', async () => {
    const api = await parseOpenApi(
      doc30(
        { '/people': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Person' } } } }, responses: ok() } } },
        {
          schemas: {
            Person: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, employer: { $ref: '#/components/schemas/Company' } } },
            Company: { type: 'object', properties: { name: { type: 'string' }, staff: { type: 'array', items: { $ref: '#/components/schemas/Person' } } } },
          },
        },
      ),
    );
    const schema = api.endpoints[0]!.schema_in;
    expect(schema).toEqual({
      type: 'object',
      properties: { body: { $ref: '#/$defs/Person', 'x-in': 'body' } },
      required: [],
      additionalProperties: false,
      $defs: {
        Person: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, employer: { $ref: '#/$defs/Company' } } },
        Company: { type: 'object', properties: { name: { type: 'string' }, staff: { type: 'array', items: { $ref: '#/$defs/Person' } } } },
      },
    });
    const check = newAjv().compile(schema);
    expect(check({ body: { name: 'Ana', employer: { name: 'ACME', staff: [{ name: 'Luis' }] } } })).toBe(true);
    expect(check({ body: { name: 'Ana', employer: { staff: [{}] } } })).toBe(false);
  });

  it(`a schema that would inline to more than ${MAX_INLINE_NODES} objects keeps every $ref as a $defs entry`, async () => {
    const wide = (next: string | null) => ({
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, next ? { $ref: `#/components/schemas/${next}` } : { type: 'string' }])),
    });
    const api = await parseOpenApi(
      doc30({ '/big': { get: { responses: ok({ $ref: '#/components/schemas/L0' }) } } }, { schemas: { L0: wide('L1'), L1: wide('L2'), L2: wide('L3'), L3: wide('L4'), L4: wide(null) } }),
    );
    const out = api.endpoints[0]!.schema_out!;
    expect(out.$ref).toBe('#/$defs/L0');
    expect(Object.keys(out.$defs as object)).toEqual(['L0', 'L1', 'L2', 'L3', 'L4']);
    expectSelfContained(out);
    expect(newAjv().compile(out)({ p0: { p1: { p2: { p3: { p4: 'x' } } } } })).toBe(true);
  });

  it(`a chain of references deeper than ${MAX_DEPTH} levels is kept as $defs too`, async () => {
    const schemas = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [`N${i}`, { type: 'object', properties: { v: { type: 'integer' }, ...(i < 149 ? { next: { $ref: `#/components/schemas/N${i + 1}` } } : {}) } }]),
    );
    const api = await parseOpenApi(doc30({ '/chain': { get: { responses: ok({ $ref: '#/components/schemas/N0' }) } } }, { schemas }));
    const out = api.endpoints[0]!.schema_out!;
    expect(Object.keys(out.$defs as object)).toHaveLength(150);
    expect((out.$defs as Record<string, unknown>).N148).toEqual({ type: 'object', properties: { v: { type: 'integer' }, next: { $ref: '#/$defs/N149' } } });
    expectSelfContained(out);
    expect(newAjv().compile(out)({ v: 1, next: { v: 2, next: { v: 3 } } })).toBe(true);
    // 90 levels (two schema objects each: the property and the referenced schema) are still inlined.
    const short = await parseOpenApi(doc30({ '/chain': { get: { responses: ok({ $ref: '#/components/schemas/N60' }) } } }, { schemas }));
    expect(short.endpoints[0]!.schema_out!.$defs).toBeUndefined();
  });

  it('names: operationIds first, then method + path; sanitized, deduplicated ignoring case, at most 128 characters', async () => {
    const long = 'x'.repeat(140);
    const api = await parseOpenApi(
      doc30({
        '/': { get: { responses: ok() } },
        '/orders': { get: { responses: ok() }, post: { operationId: 'get_orders', responses: ok() } },
        '/a': { get: { operationId: long, responses: ok() }, post: { operationId: long, responses: ok() } },
        '/b': { get: { operationId: 'listar órdenes (v2)', responses: ok() }, put: { operationId: 'GET_ORDERS', responses: ok() } },
        '/c/{c_id}/d.json': { get: { parameters: [{ name: 'c_id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok() } },
      }),
    );
    expect(api.endpoints.map((e) => e.semantic_name)).toEqual([
      'get_root',
      'get_orders_3',
      'get_orders',
      'x'.repeat(128),
      `${'x'.repeat(126)}_2`,
      'listar_rdenes_v2',
      'GET_ORDERS_2',
      'get_c_c_id_d.json',
    ]);
  });

  it('summary: at most 500 characters, from the first non-empty description line; path-item summary as a fallback', async () => {
    const api = await parseOpenApi(
      doc30({
        '/a': { get: { description: `\n\n  ${'a'.repeat(600)}\nsecond line`, responses: ok() } },
        '/b': { summary: 'Del path item', description: 'Texto del path item', get: { responses: ok() } },
      }),
    );
    expect(api.endpoints[0]!.summary).toBe(`${'a'.repeat(499)}…`);
    expect(api.endpoints[0]!.description).toBe(`${'a'.repeat(600)}\nsecond line`);
    expect(api.endpoints[1]).toMatchObject({ summary: 'Del path item', description: 'Texto del path item' });
  });

  it('parameters: content-typed, apiKey in query, gateway-owned headers, names outside [A-Za-z0-9_.-]', async () => {
    const api = await parseOpenApi(
      doc30(
        {
          '/search': {
            get: {
              parameters: [
                { name: 'filter', in: 'query', content: { 'application/json': { schema: { type: 'object', properties: { q: { type: 'string' } } } } } },
                { name: 'filter[status]', in: 'query', schema: { type: 'string' } },
                { name: 'api_key', in: 'query', schema: { type: 'string' } },
                { name: 'Content-Type', in: 'header', schema: { type: 'string' } },
                { name: 'Connection', in: 'header', schema: { type: 'string' } },
                { name: 'proxy-authorization', in: 'header', schema: { type: 'string' } },
                { name: 'lang', in: 'cookie', schema: { type: 'string' } },
                { name: 'Accept-Language', in: 'header', required: true, schema: { type: 'string', default: 'es-CL' } },
              ],
              responses: ok(),
            },
          },
        },
        { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'api_key' } } },
      ),
    );
    expect(api.endpoints[0]!.schema_in).toEqual({
      type: 'object',
      properties: {
        filter: { type: 'object', properties: { q: { type: 'string' } }, 'x-in': 'query', 'x-content-type': 'application/json' },
        query_filter_status_: { type: 'string', 'x-in': 'query', 'x-name': 'filter[status]' },
        'Accept-Language': { type: 'string', default: 'es-CL', 'x-in': 'header' },
      },
      required: ['Accept-Language'],
      additionalProperties: false,
    });
  });

  it('a path item given by $ref, a response and a request body by $ref, a form body', async () => {
    const api = await parseOpenApi(
      doc30(
        {
          '/a': { post: { requestBody: { $ref: '#/components/requestBodies/Form' }, responses: { '201': { $ref: '#/components/responses/Done' } } } },
          '/b': { $ref: '#/paths/~1a' },
        },
        {
          requestBodies: { Form: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { n: { type: 'integer' } } } } } } },
          responses: { Done: { description: 'ok', content: { 'application/vnd.api+json': { schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } } } },
        },
      ),
    );
    expect(api.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(['POST /a', 'POST /b']);
    expect(api.endpoints[1]!.schema_in).toEqual(api.endpoints[0]!.schema_in);
    expect(api.endpoints[0]!.schema_in.properties).toEqual({
      body: {
        type: 'object',
        properties: { n: { type: 'integer' } },
        description: 'Sent as application/x-www-form-urlencoded (not JSON).',
        'x-in': 'body',
        'x-content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(api.endpoints[0]!.schema_out).toEqual({ type: 'object', properties: { ok: { type: 'boolean' } } });
  });

  it('a 3.1 document with only webhooks has no endpoints; a JSON response without schema is {}', async () => {
    expect(
      (await parseOpenApi({ openapi: '3.1.0', info: { title: 'W', version: '1' }, webhooks: { ping: { post: { responses: { '200': { description: 'ok' } } } } } })).endpoints,
    ).toEqual([]);
    const api = await parseOpenApi(doc30({ '/x': { get: { responses: { '200': { description: 'ok', content: { 'application/json': {} } } } } } }));
    expect(api.endpoints[0]!.schema_out).toEqual({});
  });

  it('reads a UTF-8 byte order mark and an object holding values JSON drops', async () => {
    expect((await parseOpenApi(`\uFEFF${JSON.stringify(doc30({}))}`)).endpoints).toEqual([]);
    const api = await parseOpenApi({ ...doc30({ '/x': { get: { responses: ok({ type: 'string' }) } } }), 'x-skip': undefined, 'x-fn': () => 1 });
    expect(api.endpoints[0]!.schema_out).toEqual({ type: 'string' });
  });

  it('a property named __proto__ stays a property (no prototype change)', async () => {
    const text = '{"openapi":"3.0.3","info":{"title":"P","version":"1"},"paths":{"/p":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{"__proto__":{"type":"string"}}}}}}}}}}}';
    const out = (await parseOpenApi(text)).endpoints[0]!.schema_out!;
    const props = out.properties as Record<string, unknown>;
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.keys(props)).toEqual(['__proto__']);
  });
});

describe('parseOpenApi: documents it refuses', () => {
  it('invalid YAML, with line and column', async () => {
    const { issues } = await refusal('openapi: 3.0.3\ninfo:\n  title: x\n  title: y\npaths: {}\n');
    expect(issues[0]!.message).toMatch(/^invalid YAML at line 4, column 3: Map keys must be unique/);
    const bad = await refusal('openapi: 3.0.3\npaths:\n  /x: [1\n');
    expect(bad.issues[0]!.message).toMatch(/^invalid YAML at line \d+, column \d+: /);
  });

  it('invalid JSON, with line and column', async () => {
    const { issues } = await refusal('{\n  "openapi": "3.0.3",\n  "info": {}\n  "paths": {}\n}');
    expect(issues).toEqual([{ path: '', message: "invalid JSON at line 4, column 3: Expected ',' or '}' after property value" }]);
    // V8 gives no position for an unexpected token; the YAML reader (JSON is YAML) finds it.
    const token = await refusal('{\n  "openapi": "3.0.3",\n  "paths": ]\n}');
    expect(token.issues).toEqual([{ path: '', message: 'invalid JSON at line 3, column 12: Unexpected token \']\', ..." "paths": ] }" is not valid JSON' }]);
  });

  it('not an object, empty, too large', async () => {
    expect((await refusal('- 1\n- 2\n')).issues[0]!.message).toBe('the document must be an object (an OpenAPI document), not an array');
    expect((await refusal('42')).issues[0]!.message).toBe('the document must be an object (an OpenAPI document), not a number');
    expect((await refusal('  \n')).issues[0]!.message).toBe('the document is empty');
    expect((await refusal('~\n')).issues[0]!.message).toBe('the document must be an object (an OpenAPI document), not null');
    const cyclic: Record<string, unknown> = { openapi: '3.0.3' };
    cyclic.self = cyclic;
    expect((await refusal(cyclic)).issues[0]!.message).toBe('the document is not plain JSON data (it has a cycle or a value JSON cannot hold)');
    const huge = `openapi: 3.0.3\n# ${'x'.repeat(5 * 1024 * 1024)}\n`;
    expect((await refusal(huge)).issues[0]!.message).toBe('the document is larger than 5 MB');
  });

  it('a YAML alias bomb', async () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    expect((await refusal(bomb)).issues[0]!.message).toMatch(/^the YAML cannot be read: .*alias/i);
  });

  it('Swagger 2.0, a missing, non-string or unsupported openapi version', async () => {
    const swagger = await refusal({ swagger: '2.0', info: { title: 'Old', version: '1' }, paths: {} });
    expect(swagger.issues).toEqual([
      { path: '/swagger', message: 'Swagger 2.0 documents are not supported: only OpenAPI 3.0 and 3.1 are (convert it first, e.g. with swagger2openapi)' },
    ]);
    expect(swagger.error.message).toContain('only OpenAPI 3.0 and 3.1');
    expect((await refusal({ info: { title: 'x', version: '1' }, paths: {} })).issues).toEqual([
      { path: '/openapi', message: 'the "openapi" field is missing: only OpenAPI 3.0 and 3.1 documents are supported' },
    ]);
    expect((await refusal('openapi: 3.1\ninfo: {title: x, version: "1"}\npaths: {}\n')).issues[0]).toEqual({
      path: '/openapi',
      message: '"openapi" must be a version string such as "3.0.3" (in YAML, quote it), not 3.1',
    });
    expect((await refusal({ openapi: '3.2.0', info: { title: 'x', version: '1' }, paths: {} })).issues[0]).toEqual({
      path: '/openapi',
      message: 'OpenAPI version "3.2.0" is not supported: only OpenAPI 3.0.x and 3.1.x are',
    });
  });

  it('no paths (3.0), neither paths nor webhooks (3.1)', async () => {
    expect((await refusal({ openapi: '3.0.3', info: { title: 'x', version: '1' } })).issues).toEqual([
      { path: '/paths', message: 'the "paths" object is missing (OpenAPI 3.0 requires it)' },
    ]);
    expect((await refusal({ openapi: '3.1.0', info: { title: 'x', version: '1' }, components: {} })).issues).toEqual([
      { path: '/paths', message: 'the document has neither "paths" nor "webhooks": there is nothing to import' },
    ]);
  });

  it('more than 2000 operations', async () => {
    const paths = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`/r${i}`, { get: { responses: ok() }, post: { responses: ok() } }]));
    expect((await refusal(doc30(paths))).issues).toEqual([{ path: '/paths', message: 'the document has 2002 operations; at most 2000 can be imported' }]);
  });

  it('a $ref that resolves nowhere names the ref and where it is; a loop of refs too', async () => {
    const { issues, error } = await refusal(
      doc30(
        {
          '/x': { get: { parameters: [{ $ref: '#/components/parameters/Nope' }], responses: ok({ $ref: '#/components/schemas/Missing' }) } },
          '/y': { get: { responses: ok({ $ref: '#/components/schemas/A' }) } },
        },
        { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } },
      ),
    );
    expect(issues).toEqual([
      {
        path: '/paths/~1x/get/parameters/0/$ref',
        message: '$ref "#/components/parameters/Nope" resolves nowhere: "parameters" does not exist at /components',
      },
      {
        path: '/paths/~1x/get/responses/200/content/application~1json/schema/$ref',
        message: '$ref "#/components/schemas/Missing" resolves nowhere: "Missing" does not exist at /components/schemas',
      },
      {
        path: '/paths/~1y/get/responses/200/content/application~1json/schema/$ref',
        message: '$ref "#/components/schemas/A" is a loop of references with no schema in it (#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A)',
      },
      {
        path: '/components/schemas/A/$ref',
        message: '$ref "#/components/schemas/B" is a loop of references with no schema in it (#/components/schemas/B -> #/components/schemas/A -> #/components/schemas/B)',
      },
      {
        path: '/components/schemas/B/$ref',
        message: '$ref "#/components/schemas/A" is a loop of references with no schema in it (#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A)',
      },
    ]);
    expect(error.message).toBe(
      'The OpenAPI document cannot be imported: $ref "#/components/parameters/Nope" resolves nowhere: "parameters" does not exist at /components (at /paths/~1x/get/parameters/0/$ref) (5 issues in all)',
    );
  });

  it('external $refs (a file, a URL) are refused, never fetched', async () => {
    const { issues } = await refusal(
      doc30({
        '/x': { get: { responses: ok({ $ref: 'schemas.yaml#/Order' }) } },
        '/y': { get: { responses: ok({ $ref: 'https://example.com/openapi.json#/components/schemas/Order' }) } },
      }),
    );
    expect(issues.map((i) => i.path)).toEqual([
      '/paths/~1x/get/responses/200/content/application~1json/schema/$ref',
      '/paths/~1y/get/responses/200/content/application~1json/schema/$ref',
    ]);
    expect(issues[0]!.message).toBe(
      'external $ref "schemas.yaml#/Order" is not supported: only references inside the document (#/...) are resolved; bundle the document into one file first',
    );
    expect(issues[1]!.message).toContain('external $ref "https://example.com/openapi.json#/components/schemas/Order" is not supported');
  });

  it('schema validation failures, each with a JSON pointer (the library`s validation)', async () => {
    const { issues } = await refusal({
      openapi: '3.0.3',
      info: { title: 'x' },
      paths: { '/x': { get: { foo: 1, responses: { '200': { content: {} } } } } },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '/info', message: "must have required property 'version': version is missing here!" },
        { path: '/paths/~1x/get/foo', message: 'must NOT have additional properties: foo is not expected to be here!' },
      ]),
    );
    expect(issues.some((i) => i.path === '/paths/~1x/get/responses/200' && i.message.includes('description'))).toBe(true);
  });

  it('validation failures behind a $ref point at the place the library saw them', async () => {
    const { issues } = await refusal(
      doc30({ '/x': { get: { parameters: [{ $ref: '#/components/parameters/P' }], responses: ok() } } }, { parameters: { P: { name: 'p', in: 'query', schema: { type: 'string' }, bogus: true } } }),
    );
    expect(issues).toEqual([
      { path: '/paths/~1x/get/parameters/0/bogus', message: 'must NOT have additional properties: bogus is not expected to be here!' },
      { path: '/components/parameters/P/bogus', message: 'must NOT have additional properties: bogus is not expected to be here!' },
    ]);
  });

  it('spec rules of the library (path parameters) point at the operation', async () => {
    const { issues } = await refusal(doc30({ '/orders/{id}': { get: { responses: ok() } } }));
    expect(issues).toEqual([{ path: '/paths/~1orders~1{id}/get', message: '"/paths/orders/{id}/get" is missing path parameter(s) for "{id}".' }]);
  });

  it('the line-to-pointer mapping follows JSON.stringify(value, null, 2)', () => {
    const value = { a: 1, b: { c: [1, { d: 2 }], e: {} }, f: [] };
    const lines = JSON.stringify(value, null, 2).split('\n');
    expect(tokensAtLine(value, 1)).toEqual([]);
    expect(tokensAtLine(value, 2)).toEqual(['a']);
    expect(tokensAtLine(value, 3)).toEqual(['b']);
    expect(tokensAtLine(value, 4)).toEqual(['b', 'c']);
    expect(tokensAtLine(value, 5)).toEqual(['b', 'c', 0]);
    expect(tokensAtLine(value, 7)).toEqual(['b', 'c', 1, 'd']);
    expect(tokensAtLine(value, 10)).toEqual(['b', 'e']);
    expect(tokensAtLine(value, 12)).toEqual(['f']);
    expect(lines[11]!.trim()).toBe('"f": []');
    expect(lines[6]!.trim()).toBe('"d": 2');
    expect(tokensAtLine(value, 99)).toBeNull();
  });
});
