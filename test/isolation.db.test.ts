import { APP_ROLE, AppError, rutFromBody, sha256Hex, type Tx } from '@smarteros/kernel';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * The isolation suite. Two tenants, A and B, each with rows in every tenant-owned table (every table with a
 * tenant_id column, read from the catalog, so a new table is covered the day it lands). Working as one tenant, the
 * other tenant's rows cannot be read, changed, deleted or written.
 */

interface Tenant {
  label: 'A' | 'B';
  id: string;
  /** A user that is a member of this tenant. */
  userId: string;
}

interface Fixture {
  /**
   * Gives the tenant at least one row, as the platform role. Absent when the tenant's own creation and product
   * activation (create_tenant_minimal, activate_default_products_for_tenant) already do.
   */
  fill?: (tx: Tx, tenant: Tenant) => Promise<void>;
  /** Inserts one more valid row for tenantId, in whatever transaction it is given. */
  probe: (tx: Tx, tenantId: string) => Promise<void>;
}

let probeUserId = '';

/** How to give a tenant a row in each tenant-owned table. A new tenant-owned table needs an entry here. */
const FIXTURES: Record<string, Fixture> = {
  tenant_products: {
    probe: async (tx, tenantId) => {
      await sql`insert into tenant_products (tenant_id, product_code, status) values (${tenantId}::uuid, 'ai', 'active')`.execute(tx);
    },
  },
  trials: {
    // 'analytics' is active without a trial (activated as a subscription in createTenant), so a trial row for it is valid.
    probe: async (tx, tenantId) => {
      await sql`insert into trials (tenant_id, product_code, started_at, expires_at)
                values (${tenantId}::uuid, 'analytics', now(), now() + interval '14 days')`.execute(tx);
    },
  },
  tenant_domains: {
    fill: async (tx, tenant) => {
      const label = tenant.label.toLowerCase();
      await sql`insert into tenant_domains (tenant_id, domain, subdomain, domain_type)
                values (${tenant.id}::uuid, ${`${label}.smarterbot.cl`}, ${label}, 'primary'),
                       (${tenant.id}::uuid, ${`chat-${label}.example.cl`}, null, 'chat')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into tenant_domains (tenant_id, domain) values (${tenantId}::uuid, ${`probe-${tenantId.slice(0, 8)}.example.cl`})`.execute(tx);
    },
  },
  tenant_integrations: {
    fill: async (tx, tenant) => {
      await sql`insert into tenant_integrations (tenant_id, integration_type, external_id, status)
                values (${tenant.id}::uuid, 'chatwoot', ${`acct-${tenant.label}`}, 'connected')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into tenant_integrations (tenant_id, integration_type) values (${tenantId}::uuid, 'odoo')`.execute(tx);
    },
  },
  memberships: {
    fill: async (tx, tenant) => {
      await sql`insert into memberships (tenant_id, user_id, role) values (${tenant.id}::uuid, ${tenant.userId}::uuid, 'owner')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into memberships (tenant_id, user_id, role) values (${tenantId}::uuid, ${probeUserId}::uuid, 'viewer')`.execute(tx);
    },
  },
  api_keys: {
    fill: async (tx, tenant) => {
      await sql`insert into api_keys (tenant_id, name, role, key_hash, key_hint, created_by)
                values (${tenant.id}::uuid, 'ci', 'admin', ${sha256Hex(`key-${tenant.id}`)}, 'abcd', 'test')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into api_keys (tenant_id, name, role, key_hash, key_hint, created_by)
                values (${tenantId}::uuid, 'probe', 'viewer', ${sha256Hex(`probe-${tenantId}`)}, 'wxyz', 'test')`.execute(tx);
    },
  },
  invitations: {
    fill: async (tx, tenant) => {
      await sql`insert into invitations (tenant_id, email, role, invited_by, expires_at)
                values (${tenant.id}::uuid, ${`invitee-${tenant.label.toLowerCase()}@x.cl`}, 'agent', 'test', now() + interval '7 days')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into invitations (tenant_id, phone, role, invited_by, expires_at)
                values (${tenantId}::uuid, '+56987654321', 'viewer', 'probe', now() + interval '7 days')`.execute(tx);
    },
  },
  security_events: {
    fill: async (tx, tenant) => {
      await sql`insert into security_events (tenant_id, actor, action) values (${tenant.id}::uuid, 'test', 'auth.login')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into security_events (tenant_id, actor, action, details) values (${tenantId}::uuid, 'probe', 'member.added', '{}')`.execute(tx);
    },
  },
  user_auth: {
    fill: async (tx, tenant) => {
      await sql`insert into user_auth (tenant_id, phone, user_id, code_hash, salt, requested_by, expires_at)
                values (${tenant.id}::uuid, '+56987654321', ${tenant.userId}::uuid, ${sha256Hex(`salt-${tenant.id}123456`)}, ${`salt-${tenant.id}`},
                        'test', now() + interval '10 minutes')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into user_auth (tenant_id, phone, code_hash, salt, requested_by, expires_at)
                values (${tenantId}::uuid, '+56911111111', ${sha256Hex(`probe-${tenantId}`)}, ${`probe-salt-${tenantId}`}, 'probe', now() + interval '10 minutes')`.execute(tx);
    },
  },
  // The registry: one fill gives each tenant a data key, two providers (one with a credential), an endpoint, a
  // capability, a Cloudflare application and a request-log row. Ids derive from the tenant id, so probes can name them.
  api_credentials: {
    fill: async (tx, tenant) => {
      const t = tenant.id;
      await sql`insert into tenant_data_keys (tenant_id, id, master_key_id, wrapped_key)
                values (${t}::uuid, md5(${t} || 'data-key')::uuid, 'k1', decode('00', 'hex'))`.execute(tx);
      await sql`insert into api_providers (tenant_id, id, name, base_url, auth_type, created_by)
                values (${t}::uuid, md5(${t} || 'provider')::uuid, 'Tienda', 'https://api.example.cl', 'api_key', 'test'),
                       (${t}::uuid, md5(${t} || 'provider-2')::uuid, 'Pagos', 'https://pagos.example.cl', 'bearer', 'test')`.execute(tx);
      await sql`insert into api_credentials (tenant_id, provider_id, data_key_id, ciphertext, fingerprint, last4, created_by)
                values (${t}::uuid, md5(${t} || 'provider')::uuid, md5(${t} || 'data-key')::uuid, decode('01', 'hex'), 'f', '', 'test')`.execute(tx);
      await sql`insert into api_endpoints (tenant_id, id, provider_id, semantic_name, method, path)
                values (${t}::uuid, md5(${t} || 'endpoint')::uuid, md5(${t} || 'provider')::uuid, 'listOrders', 'GET', '/orders')`.execute(tx);
      await sql`insert into mcp_capabilities (tenant_id, capability_name, endpoint_id, created_by)
                values (${t}::uuid, 'orders.search', md5(${t} || 'endpoint')::uuid, 'test')`.execute(tx);
      await sql`insert into cloudflare_linked_apps (tenant_id, name, team_domain, audience, created_by)
                values (${t}::uuid, 'MCP', 'equipo.cloudflareaccess.com', ${`aud${tenant.label}0123456789abcdef`}, 'test')`.execute(tx);
      await sql`insert into gateway_requests (tenant_id, capability_name, principal, source, method, status, latency_ms)
                values (${t}::uuid, 'orders.search', 'test', 'api', 'GET', 200, 1.5)`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into api_credentials (tenant_id, provider_id, data_key_id, ciphertext, fingerprint, last4, created_by)
                values (${tenantId}::uuid, md5(${tenantId} || 'provider-2')::uuid, md5(${tenantId} || 'data-key')::uuid, decode('02', 'hex'), 'g', '', 'probe')`.execute(tx);
    },
  },
  tenant_data_keys: {
    probe: async (tx, tenantId) => {
      await sql`insert into tenant_data_keys (tenant_id, master_key_id, wrapped_key) values (${tenantId}::uuid, 'k2', decode('03', 'hex'))`.execute(tx);
    },
  },
  api_providers: {
    probe: async (tx, tenantId) => {
      await sql`insert into api_providers (tenant_id, name, base_url, created_by) values (${tenantId}::uuid, 'probe', 'https://probe.example.cl', 'probe')`.execute(tx);
    },
  },
  api_endpoints: {
    probe: async (tx, tenantId) => {
      await sql`insert into api_endpoints (tenant_id, provider_id, semantic_name, method, path)
                values (${tenantId}::uuid, md5(${tenantId} || 'provider')::uuid, 'probe', 'POST', '/probe')`.execute(tx);
    },
  },
  mcp_capabilities: {
    probe: async (tx, tenantId) => {
      await sql`insert into mcp_capabilities (tenant_id, capability_name, endpoint_id, created_by)
                values (${tenantId}::uuid, 'probe.search', md5(${tenantId} || 'endpoint')::uuid, 'probe')`.execute(tx);
    },
  },
  cloudflare_linked_apps: {
    probe: async (tx, tenantId) => {
      await sql`insert into cloudflare_linked_apps (tenant_id, name, team_domain, audience, created_by)
                values (${tenantId}::uuid, 'Probe', 'probe.cloudflareaccess.com', 'probe0123456789abcdef', 'probe')`.execute(tx);
    },
  },
  gateway_requests: {
    probe: async (tx, tenantId) => {
      await sql`insert into gateway_requests (tenant_id, capability_name, principal, source, method, status, latency_ms)
                values (${tenantId}::uuid, 'probe', 'probe', 'mcp', 'POST', 502, 3)`.execute(tx);
    },
  },
  mcp_policies: {
    fill: async (tx, tenant) => {
      await sql`insert into mcp_policies (tenant_id, read_only, denied_tools) values (${tenant.id}::uuid, false, '{orders.delete}')`.execute(tx);
    },
    // One row per tenant: the probe replaces it (an upsert is what the service does).
    probe: async (tx, tenantId) => {
      await sql`insert into mcp_policies (tenant_id, read_only) values (${tenantId}::uuid, true)
                on conflict (tenant_id) do update set read_only = excluded.read_only`.execute(tx);
    },
  },
  mcp_invocations: {
    fill: async (tx, tenant) => {
      await sql`insert into mcp_invocations (tenant_id, principal, tool, outcome, success, duration_ms)
                values (${tenant.id}::uuid, 'test', 'orders.search', 'ok', true, 2.5)`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into mcp_invocations (tenant_id, principal, tool, outcome, success, error_code, duration_ms)
                values (${tenantId}::uuid, 'probe', 'orders.create', 'denied', false, 'forbidden', 1)`.execute(tx);
    },
  },
  action_confirmations: {
    fill: async (tx, tenant) => {
      await sql`insert into action_confirmations (tenant_id, action, kind, arguments, requested_by, source, confirm_min_role, expires_at)
                values (${tenant.id}::uuid, 'smarteros.activate_product', 'write', '{"product_code":"ai"}', 'test', 'mcp', 'admin', now() + interval '10 minutes')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into action_confirmations (tenant_id, action, kind, requested_by, source, confirm_min_role, expires_at)
                values (${tenantId}::uuid, 'orders.create', 'write', 'probe', 'api', 'owner', now())`.execute(tx);
    },
  },
  // Chat: one fill gives each tenant a WhatsApp inbox (with a sealed secret), a contact and its identity, a
  // conversation, a message, a pending status, a webhook receipt, and an image message with its stored file. Ids derive from the tenant id.
  chat_inboxes: {
    fill: async (tx, tenant) => {
      const t = tenant.id;
      await sql`insert into chat_inboxes (tenant_id, id, channel, name, external_id, created_by)
                values (${t}::uuid, md5(${t} || 'inbox')::uuid, 'whatsapp', 'WhatsApp', ${`1049${tenant.label}`}, 'test')`.execute(tx);
      await sql`insert into chat_inbox_secrets (tenant_id, inbox_id, name, data_key_id, ciphertext, fingerprint, last4)
                values (${t}::uuid, md5(${t} || 'inbox')::uuid, 'app_secret', md5(${t} || 'data-key')::uuid, decode('04', 'hex'), 'f', '')`.execute(tx);
      await sql`insert into chat_contacts (tenant_id, id, name, phone) values (${t}::uuid, md5(${t} || 'contact')::uuid, 'Cliente', '+56911112222')`.execute(tx);
      await sql`insert into chat_contact_identities (tenant_id, inbox_id, external_id, contact_id)
                values (${t}::uuid, md5(${t} || 'inbox')::uuid, '56911112222', md5(${t} || 'contact')::uuid)`.execute(tx);
      await sql`insert into conversations (tenant_id, id, inbox_id, contact_id, channel)
                values (${t}::uuid, md5(${t} || 'conversation')::uuid, md5(${t} || 'inbox')::uuid, md5(${t} || 'contact')::uuid, 'whatsapp')`.execute(tx);
      await sql`insert into chat_messages (tenant_id, conversation_id, inbox_id, external_id, direction, sender_type, content_type, content, sent_at)
                values (${t}::uuid, md5(${t} || 'conversation')::uuid, md5(${t} || 'inbox')::uuid, 'wamid.fill', 'incoming', 'contact', 'text', 'hola', now())`.execute(tx);
      await sql`insert into chat_pending_statuses (tenant_id, inbox_id, external_id, status, status_at)
                values (${t}::uuid, md5(${t} || 'inbox')::uuid, 'wamid.out', 'delivered', now())`.execute(tx);
      await sql`insert into chat_webhook_receipts (tenant_id, inbox_id, channel, body_sha256, payload)
                values (${t}::uuid, md5(${t} || 'inbox')::uuid, 'whatsapp', ${sha256Hex(`fill-${t}`)}, '{}')`.execute(tx);
      await sql`insert into chat_messages (tenant_id, conversation_id, inbox_id, external_id, direction, sender_type, content_type, payload, sent_at)
                values (${t}::uuid, md5(${t} || 'conversation')::uuid, md5(${t} || 'inbox')::uuid, 'wamid.fill-image', 'incoming', 'contact', 'image', '{"media":{"id":"2"}}', now())`.execute(tx);
      await sql`insert into chat_attachments (tenant_id, message_id, conversation_id, media_id, status, mime_type, file_name, byte_size, sha256, content)
                select ${t}::uuid, id, conversation_id, '1', 'stored', 'image/jpeg', 'foto.jpg', 2, 'x', decode('ffd8', 'hex')
                from chat_messages where tenant_id = ${t}::uuid and external_id = 'wamid.fill'`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into chat_inboxes (tenant_id, channel, name, created_by) values (${tenantId}::uuid, 'web', 'Probe', 'probe')`.execute(tx);
    },
  },
  chat_inbox_secrets: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_inbox_secrets (tenant_id, inbox_id, name, data_key_id, ciphertext, fingerprint, last4)
                values (${tenantId}::uuid, md5(${tenantId} || 'inbox')::uuid, 'verify_token', md5(${tenantId} || 'data-key')::uuid, decode('05', 'hex'), 'g', '')`.execute(tx);
    },
  },
  chat_contacts: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_contacts (tenant_id, name) values (${tenantId}::uuid, 'Probe')`.execute(tx);
    },
  },
  chat_contact_identities: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_contact_identities (tenant_id, inbox_id, external_id, contact_id)
                values (${tenantId}::uuid, md5(${tenantId} || 'inbox')::uuid, 'probe', md5(${tenantId} || 'contact')::uuid)`.execute(tx);
    },
  },
  conversations: {
    probe: async (tx, tenantId) => {
      await sql`insert into conversations (tenant_id, inbox_id, contact_id, channel, status)
                values (${tenantId}::uuid, md5(${tenantId} || 'inbox')::uuid, md5(${tenantId} || 'contact')::uuid, 'whatsapp', 'resolved')`.execute(tx);
    },
  },
  chat_messages: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_messages (tenant_id, conversation_id, inbox_id, direction, sender_type, content_type, content, sent_at)
                values (${tenantId}::uuid, md5(${tenantId} || 'conversation')::uuid, md5(${tenantId} || 'inbox')::uuid, 'outgoing', 'agent', 'text', 'probe', now())`.execute(tx);
    },
  },
  chat_pending_statuses: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_pending_statuses (tenant_id, inbox_id, external_id, status, status_at) values (${tenantId}::uuid, md5(${tenantId} || 'inbox')::uuid, 'probe', 'read', now())`.execute(tx);
    },
  },
  chat_events: {
    fill: async (tx, tenant) => {
      await sql`insert into chat_events (tenant_id, conversation_id, kind) values (${tenant.id}::uuid, md5(${tenant.id} || 'conversation')::uuid, 'message.created')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into chat_events (tenant_id, conversation_id, kind) values (${tenantId}::uuid, md5(${tenantId} || 'conversation')::uuid, 'conversation.updated')`.execute(tx);
    },
  },
  // The probe's file is for a second message of the fill (chat_inboxes) that has none.
  chat_attachments: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_attachments (tenant_id, message_id, conversation_id, media_id, status, error_code)
                values (${tenantId}::uuid, coalesce((select id from chat_messages where tenant_id = ${tenantId}::uuid and external_id = 'wamid.fill-image'), 1),
                        md5(${tenantId} || 'conversation')::uuid, '2', 'failed', 'media_checksum_mismatch')`.execute(tx);
    },
  },
  chat_webhook_receipts: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_webhook_receipts (tenant_id, inbox_id, channel, body_sha256, payload)
                values (${tenantId}::uuid, md5(${tenantId} || 'inbox')::uuid, 'whatsapp', ${sha256Hex(`probe-${tenantId}`)}, '{}')`.execute(tx);
    },
  },
  // Labels, a label on the conversation, a canned response (ids derive from the tenant id; the chat fill comes first).
  chat_labels: {
    fill: async (tx, tenant) => {
      const t = tenant.id;
      await sql`insert into chat_labels (tenant_id, id, name) values (${t}::uuid, md5(${t} || 'label')::uuid, ${`Etiqueta ${tenant.label}`})`.execute(tx);
      await sql`insert into conversation_labels (tenant_id, conversation_id, label_id) values (${t}::uuid, md5(${t} || 'conversation')::uuid, md5(${t} || 'label')::uuid)`.execute(tx);
      await sql`insert into chat_canned_responses (tenant_id, short_code, content, created_by) values (${t}::uuid, 'hola', ${`Hola desde ${tenant.label}`}, 'test')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into chat_labels (tenant_id, name) values (${tenantId}::uuid, 'probe')`.execute(tx);
    },
  },
  conversation_labels: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_labels (tenant_id, id, name) values (${tenantId}::uuid, md5(${tenantId} || 'label-probe')::uuid, 'probe')`.execute(tx);
      await sql`insert into conversation_labels (tenant_id, conversation_id, label_id) values (${tenantId}::uuid, md5(${tenantId} || 'conversation')::uuid, md5(${tenantId} || 'label-probe')::uuid)`.execute(tx);
    },
  },
  chat_canned_responses: {
    probe: async (tx, tenantId) => {
      await sql`insert into chat_canned_responses (tenant_id, short_code, content, created_by) values (${tenantId}::uuid, 'probe', 'probe', 'probe')`.execute(tx);
    },
  },
  // Chatwoot: one fill gives each tenant a connection (its mirror inbox, a sealed secret), a delivery, and the links of
  // the chat fill's conversation and message.
  chatwoot_connections: {
    fill: async (tx, tenant) => {
      const t = tenant.id;
      await sql`insert into chat_inboxes (tenant_id, id, channel, name, external_id, created_by)
                values (${t}::uuid, md5(${t} || 'cw-inbox')::uuid, 'chatwoot', 'Chatwoot', md5(${t} || 'cw-connection'), 'test')`.execute(tx);
      await sql`insert into chatwoot_connections (tenant_id, id, base_url, account_id, inbox_id, created_by)
                values (${t}::uuid, md5(${t} || 'cw-connection')::uuid, 'https://chat.example.cl', 1, md5(${t} || 'cw-inbox')::uuid, 'test')`.execute(tx);
      await sql`insert into chatwoot_secrets (tenant_id, connection_id, name, data_key_id, ciphertext, fingerprint, last4)
                values (${t}::uuid, md5(${t} || 'cw-connection')::uuid, 'webhook_secret', md5(${t} || 'data-key')::uuid, decode('06', 'hex'), 'h', '')`.execute(tx);
      await sql`insert into chatwoot_deliveries (tenant_id, connection_id, delivery_id, event, payload)
                values (${t}::uuid, md5(${t} || 'cw-connection')::uuid, 'fill', 'message_created', '{}')`.execute(tx);
      await sql`insert into chatwoot_conversation_links (tenant_id, connection_id, chatwoot_conversation_id, conversation_id)
                values (${t}::uuid, md5(${t} || 'cw-connection')::uuid, 1, md5(${t} || 'conversation')::uuid)`.execute(tx);
      await sql`insert into chatwoot_message_links (tenant_id, connection_id, chatwoot_message_id, message_id)
                select ${t}::uuid, md5(${t} || 'cw-connection')::uuid, 1, id from chat_messages where tenant_id = ${t}::uuid and external_id = 'wamid.fill'`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into chatwoot_connections (tenant_id, base_url, account_id, inbox_id, created_by)
                values (${tenantId}::uuid, 'https://probe.example.cl', 2, md5(${tenantId} || 'cw-inbox')::uuid, 'probe')`.execute(tx);
    },
  },
  chatwoot_secrets: {
    probe: async (tx, tenantId) => {
      await sql`insert into chatwoot_secrets (tenant_id, connection_id, name, data_key_id, ciphertext, fingerprint, last4)
                values (${tenantId}::uuid, md5(${tenantId} || 'cw-connection')::uuid, 'api_access_token', md5(${tenantId} || 'data-key')::uuid, decode('07', 'hex'), 'i', '')`.execute(tx);
    },
  },
  chatwoot_deliveries: {
    probe: async (tx, tenantId) => {
      await sql`insert into chatwoot_deliveries (tenant_id, connection_id, delivery_id, event, payload)
                values (${tenantId}::uuid, md5(${tenantId} || 'cw-connection')::uuid, 'probe', 'message_created', '{}')`.execute(tx);
    },
  },
  chatwoot_conversation_links: {
    probe: async (tx, tenantId) => {
      await sql`with c as (insert into conversations (tenant_id, inbox_id, contact_id, channel, status)
                  values (${tenantId}::uuid, md5(${tenantId} || 'cw-inbox')::uuid, md5(${tenantId} || 'contact')::uuid, 'chatwoot', 'resolved') returning id)
                insert into chatwoot_conversation_links (tenant_id, connection_id, chatwoot_conversation_id, conversation_id)
                select ${tenantId}::uuid, md5(${tenantId} || 'cw-connection')::uuid, 2, id from c`.execute(tx);
    },
  },
  chatwoot_message_links: {
    probe: async (tx, tenantId) => {
      await sql`with m as (insert into chat_messages (tenant_id, conversation_id, inbox_id, direction, sender_type, content_type, content, sent_at)
                  values (${tenantId}::uuid, md5(${tenantId} || 'conversation')::uuid, md5(${tenantId} || 'inbox')::uuid, 'outgoing', 'agent', 'text', 'probe', now()) returning id)
                insert into chatwoot_message_links (tenant_id, connection_id, chatwoot_message_id, message_id)
                select ${tenantId}::uuid, md5(${tenantId} || 'cw-connection')::uuid, 2, id from m`.execute(tx);
    },
  },
  ai_knowledge_entries: {
    fill: async (tx, tenant) => {
      await sql`insert into ai_knowledge_entries (tenant_id, question, answer, question_terms, answer_terms, created_by)
                values (${tenant.id}::uuid, '¿Cuál es el horario?', ${`De 9 a 18 (${tenant.label})`}, '{horari}', '{}', 'test')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into ai_knowledge_entries (tenant_id, question, answer, created_by) values (${tenantId}::uuid, 'probe', 'probe', 'probe')`.execute(tx);
    },
  },
  // AI providers: one with a sealed key under its own data key (fills run in table order, before the registry's); a
  // day of its usage.
  ai_providers: {
    fill: async (tx, tenant) => {
      const t = tenant.id;
      await sql`insert into tenant_data_keys (tenant_id, id, master_key_id, wrapped_key) values (${t}::uuid, md5(${t} || 'ai-data-key')::uuid, 'k1', decode('07', 'hex'))`.execute(tx);
      await sql`insert into ai_providers (tenant_id, id, name, kind, base_url, model, data_key_id, api_key_ciphertext, api_key_fingerprint, api_key_last4, created_by)
                values (${t}::uuid, md5(${t} || 'ai-provider')::uuid, ${`Ollama ${tenant.label}`}, 'ollama', 'http://127.0.0.1:11434', 'llama3.1:8b',
                        md5(${t} || 'ai-data-key')::uuid, decode('06', 'hex'), 'f', '', 'test')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into ai_providers (tenant_id, name, kind, base_url, model, created_by) values (${tenantId}::uuid, 'probe', 'ollama', 'http://127.0.0.1:11434', 'm', 'probe')`.execute(tx);
    },
  },
  ai_usage: {
    fill: async (tx, tenant) => {
      await sql`insert into ai_usage (tenant_id, provider_id, day, requests, prompt_tokens, completion_tokens)
                values (${tenant.id}::uuid, md5(${tenant.id} || 'ai-provider')::uuid, '2026-03-02', 3, 120, 40)`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into ai_usage (tenant_id, provider_id, day) values (${tenantId}::uuid, gen_random_uuid(), '2026-03-03')`.execute(tx);
    },
  },
  // ERP: one fill gives each tenant a product, a warehouse, a move and its level, a price list, a customer, an order
  // with a line and a payment (ids derive from the tenant id).
  erp_products: {
    fill: async (tx, tenant) => {
      const t = tenant.id;
      await sql`insert into erp_counters (tenant_id, name, last_value) values (${t}::uuid, 'order', 1)`.execute(tx);
      await sql`insert into erp_products (tenant_id, id, sku, name, price) values (${t}::uuid, md5(${t} || 'product')::uuid, 'SKU-1', ${`Producto ${tenant.label}`}, 1000)`.execute(tx);
      await sql`insert into erp_warehouses (tenant_id, id, code, name, is_default) values (${t}::uuid, md5(${t} || 'warehouse')::uuid, 'principal', 'Bodega', true)`.execute(tx);
      await sql`insert into erp_stock_moves (tenant_id, product_id, warehouse_id, kind, on_hand_delta, actor) values (${t}::uuid, md5(${t} || 'product')::uuid, md5(${t} || 'warehouse')::uuid, 'receipt', 5, 'test')`.execute(tx);
      await sql`insert into erp_stock_levels (tenant_id, product_id, warehouse_id, on_hand) values (${t}::uuid, md5(${t} || 'product')::uuid, md5(${t} || 'warehouse')::uuid, 5)`.execute(tx);
      await sql`insert into erp_price_lists (tenant_id, id, name, customer_group, starts_on) values (${t}::uuid, md5(${t} || 'price-list')::uuid, 'Mayorista', 'mayorista', '2026-01-01')`.execute(tx);
      await sql`insert into erp_price_list_items (tenant_id, price_list_id, product_id, price) values (${t}::uuid, md5(${t} || 'price-list')::uuid, md5(${t} || 'product')::uuid, 900)`.execute(tx);
      await sql`insert into erp_customers (tenant_id, id, rut, razon_social) values (${t}::uuid, md5(${t} || 'customer')::uuid, '76086428-5', ${`Cliente ${tenant.label}`})`.execute(tx);
      await sql`insert into orders (tenant_id, id, number, channel, customer_id, warehouse_id, amount_untaxed, amount_tax, amount_total, created_by)
                values (${t}::uuid, md5(${t} || 'order')::uuid, 1, 'pos', md5(${t} || 'customer')::uuid, md5(${t} || 'warehouse')::uuid, 1000, 190, 1190, 'test')`.execute(tx);
      await sql`insert into order_lines (tenant_id, order_id, line_no, product_id, sku, name, quantity, unit_price, price_includes_tax, tax, line_total, line_untaxed, line_tax)
                values (${t}::uuid, md5(${t} || 'order')::uuid, 1, md5(${t} || 'product')::uuid, 'SKU-1', 'Producto', 1, 1000, false, 'iva', 1000, 1000, 190)`.execute(tx);
      await sql`insert into erp_payments (tenant_id, order_id, method, amount, status, provider_ref, created_by) values (${t}::uuid, md5(${t} || 'order')::uuid, 'cash', 1190, 'approved', ${`caja-${tenant.label}`}, 'test')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into erp_products (tenant_id, sku, name, price) values (${tenantId}::uuid, 'PROBE', 'probe', 1)`.execute(tx);
    },
  },
  erp_webpay_accounts: {
    fill: async (tx, tenant) => {
      await sql`insert into erp_webpay_accounts (tenant_id, commerce_code, data_key_id, ciphertext, fingerprint, last4, updated_by)
                values (${tenant.id}::uuid, '597055555532', md5(${tenant.id} || 'data-key')::uuid, decode('08', 'hex'), 'w', 'abcd', 'test')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into erp_webpay_accounts (tenant_id, commerce_code, data_key_id, ciphertext, fingerprint, last4, updated_by)
                values (${tenantId}::uuid, '597055555532', md5(${tenantId} || 'data-key')::uuid, decode('08', 'hex'), 'w', 'abcd', 'test')
                on conflict (tenant_id) do update set last4 = excluded.last4`.execute(tx);
    },
  },
  // ERP connectors: one fill gives each tenant a Shopify connection with a sealed secret, a webhook, a checkout and a
  // link to an Odoo record.
  erp_connections: {
    fill: async (tx, tenant) => {
      const t = tenant.id;
      await sql`insert into erp_connections (tenant_id, id, kind, config, created_by)
                values (${t}::uuid, md5(${t} || 'erp-connection')::uuid, 'shopify', ${JSON.stringify({ shop_url: `https://${tenant.label.toLowerCase()}.myshopify.com` })}::jsonb, 'test')`.execute(tx);
      await sql`insert into erp_connection_secrets (tenant_id, connection_id, name, data_key_id, ciphertext, fingerprint, last4)
                values (${t}::uuid, md5(${t} || 'erp-connection')::uuid, 'webhook_secret', md5(${t} || 'data-key')::uuid, decode('09', 'hex'), 's', '')`.execute(tx);
      await sql`insert into erp_shopify_webhooks (tenant_id, connection_id, webhook_id, topic, payload)
                values (${t}::uuid, md5(${t} || 'erp-connection')::uuid, 'fill', 'orders/create', '{}')`.execute(tx);
      await sql`insert into erp_shopify_checkouts (tenant_id, connection_id, checkout_id, email, checkout_updated_at)
                values (${t}::uuid, md5(${t} || 'erp-connection')::uuid, '1', ${`${tenant.label.toLowerCase()}@example.cl`}, now())`.execute(tx);
      await sql`insert into erp_external_links (tenant_id, connection_id, kind, local_key, external_id)
                values (${t}::uuid, md5(${t} || 'erp-connection')::uuid, 'partner', 'consumidor-final', '1')`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into erp_connections (tenant_id, kind, config, created_by) values (${tenantId}::uuid, 'odoo', '{}', 'probe')`.execute(tx);
    },
  },
  erp_connection_secrets: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_connection_secrets (tenant_id, connection_id, name, data_key_id, ciphertext, fingerprint, last4)
                values (${tenantId}::uuid, md5(${tenantId} || 'erp-connection')::uuid, 'access_token', md5(${tenantId} || 'data-key')::uuid, decode('0a', 'hex'), 't', '')`.execute(tx);
    },
  },
  erp_shopify_webhooks: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_shopify_webhooks (tenant_id, connection_id, webhook_id, topic, payload)
                values (${tenantId}::uuid, md5(${tenantId} || 'erp-connection')::uuid, 'probe', 'orders/create', '{}')`.execute(tx);
    },
  },
  erp_shopify_checkouts: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_shopify_checkouts (tenant_id, connection_id, checkout_id, checkout_updated_at)
                values (${tenantId}::uuid, md5(${tenantId} || 'erp-connection')::uuid, 'probe', now())`.execute(tx);
    },
  },
  erp_external_links: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_external_links (tenant_id, connection_id, kind, local_key, external_id)
                values (${tenantId}::uuid, md5(${tenantId} || 'erp-connection')::uuid, 'sale_order', 'order:probe', '2')`.execute(tx);
    },
  },
  erp_counters: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_counters (tenant_id, name) values (${tenantId}::uuid, 'probe')`.execute(tx);
    },
  },
  erp_warehouses: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_warehouses (tenant_id, code, name) values (${tenantId}::uuid, 'probe', 'probe')`.execute(tx);
    },
  },
  erp_stock_moves: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_stock_moves (tenant_id, product_id, warehouse_id, kind, on_hand_delta, actor) values (${tenantId}::uuid, md5(${tenantId} || 'product')::uuid, md5(${tenantId} || 'warehouse')::uuid, 'receipt', 1, 'probe')`.execute(tx);
    },
  },
  erp_stock_levels: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_warehouses (tenant_id, id, code, name) values (${tenantId}::uuid, md5(${tenantId} || 'warehouse-probe')::uuid, 'probe-levels', 'probe')`.execute(tx);
      await sql`insert into erp_stock_levels (tenant_id, product_id, warehouse_id) values (${tenantId}::uuid, md5(${tenantId} || 'product')::uuid, md5(${tenantId} || 'warehouse-probe')::uuid)`.execute(tx);
    },
  },
  erp_price_lists: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_price_lists (tenant_id, name, customer_group, starts_on) values (${tenantId}::uuid, 'probe', 'probe', '2026-01-01')`.execute(tx);
    },
  },
  erp_price_list_items: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_price_lists (tenant_id, id, name, customer_group, starts_on) values (${tenantId}::uuid, md5(${tenantId} || 'price-list-probe')::uuid, 'probe', 'probe', '2026-01-01')`.execute(tx);
      await sql`insert into erp_price_list_items (tenant_id, price_list_id, product_id, price) values (${tenantId}::uuid, md5(${tenantId} || 'price-list-probe')::uuid, md5(${tenantId} || 'product')::uuid, 1)`.execute(tx);
    },
  },
  erp_customers: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_customers (tenant_id, razon_social) values (${tenantId}::uuid, 'probe')`.execute(tx);
    },
  },
  orders: {
    probe: async (tx, tenantId) => {
      await sql`insert into orders (tenant_id, number, channel, warehouse_id, created_by) values (${tenantId}::uuid, 999, 'api', md5(${tenantId} || 'warehouse')::uuid, 'probe')`.execute(tx);
    },
  },
  order_lines: {
    probe: async (tx, tenantId) => {
      await sql`insert into order_lines (tenant_id, order_id, line_no, product_id, sku, name, quantity, unit_price, price_includes_tax, tax, line_total, line_untaxed, line_tax)
                values (${tenantId}::uuid, md5(${tenantId} || 'order')::uuid, 99, md5(${tenantId} || 'product')::uuid, 'SKU-1', 'probe', 1, 1, false, 'iva', 1, 1, 0)`.execute(tx);
    },
  },
  erp_payments: {
    probe: async (tx, tenantId) => {
      await sql`insert into erp_payments (tenant_id, order_id, method, amount, created_by) values (${tenantId}::uuid, md5(${tenantId} || 'order')::uuid, 'transfer', 1, 'probe')`.execute(tx);
    },
  },
  outbox: {
    fill: async (tx, tenant) => {
      await sql`select outbox_emit(${tenant.id}::uuid, 'test.isolation', ${JSON.stringify({ tenant: tenant.label })}::jsonb)`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into outbox (tenant_id, topic, payload) values (${tenantId}::uuid, 'test.probe', '{}')`.execute(tx);
    },
  },
  // The relay (smarteros_platform) writes deliveries; tenants read theirs and retry dead ones (select, update).
  outbox_deliveries: {
    fill: async (tx, tenant) => {
      await sql`insert into outbox_deliveries (tenant_id, event_id, subscriber, topic, status, attempts, next_attempt_at, last_error, created_at, updated_at)
                select tenant_id, id, 'test.isolation', topic, 'dead', 3, now(), 'failed', now(), now()
                  from outbox where tenant_id = ${tenant.id}::uuid and topic = 'test.isolation'`.execute(tx);
    },
    probe: async (tx, tenantId) => {
      await sql`insert into outbox_deliveries (tenant_id, event_id, subscriber, topic, next_attempt_at, created_at, updated_at)
                select tenant_id, id, 'test.probe', topic, now(), now(), now() from outbox where tenant_id = ${tenantId}::uuid limit 1`.execute(tx);
    },
  },
};

const FIXTURE_HINT = 'add a fixture for it to FIXTURES in test/isolation.db.test.ts';
const PLATFORM = { name: 'test', actor: 'test' };

let t: TestDatabase;
let tenantTables: string[] = [];
const tenants = {} as Record<'A' | 'B', Tenant>;
/** smarteros_app's privileges per tenant-owned table. */
const privileges = new Map<string, { insert: boolean; update: boolean; delete: boolean }>();

async function createTenant(label: 'A' | 'B', rutBody: number): Promise<Tenant> {
  return t.db.platform(PLATFORM, async (tx) => {
    const created = await sql<{ id: string }>`
      select create_tenant_minimal(${`Empresa ${label} SpA`}, ${`contacto-${label.toLowerCase()}@example.cl`}, ${rutFromBody(rutBody)}) as id`.execute(tx);
    const id = created.rows[0]!.id;
    await sql`select 1 from activate_default_products_for_tenant(${id}::uuid)`.execute(tx);
    await sql`select 1 from activate_product_for_tenant(${id}::uuid, 'analytics', 'subscription')`.execute(tx);
    const user = await sql<{ id: string }>`
      insert into users (email, display_name) values (${`owner-${label.toLowerCase()}@example.cl`}, ${`Owner ${label}`}) returning id`.execute(tx);
    return { label, id, userId: user.rows[0]!.id };
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const discovered = await t.db.asOwner((tx) =>
    sql<{ name: string; can_insert: boolean; can_update: boolean; can_delete: boolean }>`
      select c.relname as name,
             has_table_privilege(${APP_ROLE}, c.oid, 'INSERT') as can_insert,
             has_column_privilege(${APP_ROLE}, c.oid, 'tenant_id', 'UPDATE') as can_update,
             has_table_privilege(${APP_ROLE}, c.oid, 'DELETE') as can_delete
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and a.attnum > 0 and not a.attisdropped
       where n.nspname = current_schema() and c.relkind in ('r', 'p')
       order by c.relname`.execute(tx),
  );
  tenantTables = discovered.rows.map((r) => r.name);
  for (const r of discovered.rows) privileges.set(r.name, { insert: r.can_insert, update: r.can_update, delete: r.can_delete });

  tenants.A = await createTenant('A', 11_111_111);
  tenants.B = await createTenant('B', 22_222_222);
  probeUserId = (
    await t.db.platform(PLATFORM, (tx) => sql<{ id: string }>`insert into users (email) values ('probe@example.cl') returning id`.execute(tx))
  ).rows[0]!.id;
  for (const tenant of [tenants.A, tenants.B]) {
    await t.db.platform(PLATFORM, async (tx) => {
      for (const table of tenantTables) await FIXTURES[table]?.fill?.(tx, tenant);
    });
  }
});

afterAll(async () => {
  await t?.drop();
});

/** Rows per tenant-owned table of one tenant, read as the owner (no row-level security). */
async function ownerCounts(tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await t.db.asOwner(async (tx) => {
    for (const table of tenantTables) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}::uuid`.execute(tx);
      counts[table] = rows[0]!.n;
    }
  });
  return counts;
}

/** A digest of all of one tenant's rows per table, read as the owner: equal digests, untouched rows. */
async function ownerDigests(tenantId: string): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  await t.db.asOwner(async (tx) => {
    for (const table of tenantTables) {
      const { rows } = await sql<{ digest: string }>`
        select count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest
          from ${sql.table(table)} x where x.tenant_id = ${tenantId}::uuid`.execute(tx);
      digests[table] = rows[0]!.digest;
    }
  });
  return digests;
}

/** Thrown to roll a transaction back on purpose. */
class Rollback extends Error {}
/** Carries a result out of a transaction that is rolled back. */
class LifecycleResult extends Error {
  readonly expired: number;
  constructor(expired: number) {
    super('rolled back');
    this.expired = expired;
  }
}

/** A digest of the tenants row itself, read as the owner. */
async function ownerDigestOfTenant(id: string): Promise<string> {
  const { rows } = await t.db.asOwner((tx) => sql<{ digest: string }>`select md5(x::text) as digest from tenants x where x.id = ${id}::uuid`.execute(tx));
  return rows[0]!.digest;
}

type Outcome = { ok: true; rows: number } | { ok: false; error: unknown };

/** Runs one statement as a tenant in its own transaction (a refused statement aborts its transaction). */
async function asTenant(tenantId: string, fn: (tx: Tx) => Promise<{ rows: unknown[] }>): Promise<Outcome> {
  try {
    const result = await t.db.withTenant(tenantId, fn);
    return { ok: true, rows: result.rows.length };
  } catch (error) {
    return { ok: false, error };
  }
}

function causeOf(error: unknown): { code?: string; message?: string } {
  return error instanceof AppError && typeof error.cause === 'object' && error.cause !== null ? (error.cause as { code?: string; message?: string }) : {};
}
/** Row-level security refused the row; the kernel says not_found, as for a row that does not exist. */
const isRlsRefusal = (error: unknown): boolean =>
  error instanceof AppError && error.code === 'not_found' && causeOf(error).code === '42501' && /row-level security/.test(causeOf(error).message ?? '');
/** The role has no privilege for the statement at all (e.g. UPDATE on the append-only outbox). */
const isPermissionRefusal = (error: unknown): boolean =>
  error instanceof AppError && error.code === 'not_found' && causeOf(error).code === '42501' && /permission denied/.test(causeOf(error).message ?? '');
const show = (outcome: Outcome): string =>
  outcome.ok
    ? `succeeded (${outcome.rows} rows)`
    : outcome.error instanceof AppError
      ? `AppError ${outcome.error.code} (${causeOf(outcome.error).code ?? '-'} ${causeOf(outcome.error).message ?? ''})`
      : `threw ${String(outcome.error)}`;

describe('the fixtures', () => {
  it('cover every tenant-owned table of the catalog', () => {
    expect(tenantTables.length).toBeGreaterThan(0);
    expect(tenantTables.filter((table) => !FIXTURES[table]).map((table) => `${table}: ${FIXTURE_HINT}`)).toEqual([]);
  });

  it('give both tenants at least one row in every tenant-owned table', async () => {
    const problems: string[] = [];
    for (const tenant of [tenants.A, tenants.B]) {
      const counts = await ownerCounts(tenant.id);
      for (const table of tenantTables) {
        if (counts[table] === 0) problems.push(`${table}: tenant ${tenant.label} has no row; ${FIXTURE_HINT}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('insert rows the tenant itself may insert (the control for the refusals below)', async () => {
    const problems: string[] = [];
    for (const table of tenantTables.filter((x) => FIXTURES[x] && privileges.get(x)?.insert)) {
      for (const tenant of [tenants.A, tenants.B]) {
        // Inserted as the tenant itself, then rolled back.
        const outcome = await asTenant(tenant.id, async (tx) => {
          await FIXTURES[table]!.probe(tx, tenant.id);
          throw new Rollback();
        });
        if (outcome.ok || !(outcome.error instanceof Rollback)) problems.push(`${table}: tenant ${tenant.label} probe ${show(outcome)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe.each([
  ['A', 'B'],
  ['B', 'A'],
] as const)('working as tenant %s, tenant %s', (selfLabel, otherLabel) => {
  const self = () => tenants[selfLabel];
  const other = () => tenants[otherLabel];

  it(`reads none of ${otherLabel}'s rows, and all of its own, in every tenant-owned table`, async () => {
    const own = await ownerCounts(self().id);
    const seen = await t.db.withTenant(self().id, async (tx) => {
      const result: Record<string, { total: number; other: number; foreign: number }> = {};
      for (const table of tenantTables) {
        const { rows } = await sql<{ total: number; other: number; foreign: number }>`
          select count(*)::int as total,
                 count(*) filter (where tenant_id = ${other().id}::uuid)::int as other,
                 count(*) filter (where tenant_id is distinct from ${self().id}::uuid)::int as foreign
            from ${sql.table(table)}`.execute(tx);
        result[table] = rows[0]!;
      }
      return result;
    });
    const problems = tenantTables.flatMap((table) => {
      const s = seen[table]!;
      return [
        ...(s.other > 0 ? [`${table}: ${s.other} rows of ${otherLabel} visible`] : []),
        ...(s.foreign > 0 ? [`${table}: ${s.foreign} rows of another tenant visible`] : []),
        ...(s.total !== own[table] ? [`${table}: sees ${s.total} of its own ${own[table]} rows`] : []),
      ];
    });
    expect(problems).toEqual([]);
  });

  it(`updates none of ${otherLabel}'s rows (0 rows affected, or no UPDATE privilege at all)`, async () => {
    const before = await ownerDigests(other().id);
    const problems: string[] = [];
    for (const table of tenantTables) {
      const outcome = await asTenant(self().id, (tx) =>
        sql`update ${sql.table(table)} set tenant_id = tenant_id where tenant_id = ${other().id}::uuid returning 1`.execute(tx),
      );
      const expected = privileges.get(table)!.update ? outcome.ok && outcome.rows === 0 : !outcome.ok && isPermissionRefusal(outcome.error);
      if (!expected) problems.push(`${table}: update of ${otherLabel}'s rows ${show(outcome)}`);
    }
    expect(problems).toEqual([]);
    expect(await ownerDigests(other().id)).toEqual(before);
  });

  it(`deletes none of ${otherLabel}'s rows (0 rows affected, or no DELETE privilege at all)`, async () => {
    const before = await ownerDigests(other().id);
    const problems: string[] = [];
    for (const table of tenantTables) {
      const outcome = await asTenant(self().id, (tx) => sql`delete from ${sql.table(table)} where tenant_id = ${other().id}::uuid returning 1`.execute(tx));
      const expected = privileges.get(table)!.delete ? outcome.ok && outcome.rows === 0 : !outcome.ok && isPermissionRefusal(outcome.error);
      if (!expected) problems.push(`${table}: delete of ${otherLabel}'s rows ${show(outcome)}`);
    }
    expect(problems).toEqual([]);
    expect(await ownerDigests(other().id)).toEqual(before);
  });

  it(`cannot insert a row for ${otherLabel}: row-level security refuses it, and the kernel answers not_found`, async () => {
    const before = await ownerDigests(other().id);
    const problems: string[] = [];
    for (const table of tenantTables) {
      const fixture = FIXTURES[table];
      if (!fixture) {
        problems.push(`${table}: ${FIXTURE_HINT}`);
        continue;
      }
      const outcome = await asTenant(self().id, async (tx) => {
        await fixture.probe(tx, other().id);
        return { rows: [] };
      });
      const refused = !outcome.ok && (privileges.get(table)!.insert ? isRlsRefusal(outcome.error) : isPermissionRefusal(outcome.error));
      if (!refused) problems.push(`${table}: insert with tenant_id = ${otherLabel} ${show(outcome)}`);
      if (!outcome.ok) expect(outcome.error).toMatchObject({ code: 'not_found' });
    }
    expect(problems).toEqual([]);
    expect(await ownerDigests(other().id)).toEqual(before);
  });

  it(`cannot move its own rows to ${otherLabel}`, async () => {
    const before = await ownerDigests(self().id);
    const problems: string[] = [];
    for (const table of tenantTables) {
      const outcome = await asTenant(self().id, (tx) =>
        sql`update ${sql.table(table)} set tenant_id = ${other().id}::uuid where tenant_id = ${self().id}::uuid returning 1`.execute(tx),
      );
      const refused = !outcome.ok && (privileges.get(table)!.update ? isRlsRefusal(outcome.error) : isPermissionRefusal(outcome.error));
      if (!refused) problems.push(`${table}: moving rows to ${otherLabel} ${show(outcome)}`);
    }
    expect(problems).toEqual([]);
    expect(await ownerDigests(self().id)).toEqual(before);
  });

  it(`sees only itself in tenants and v_tenant_overview, and cannot change ${otherLabel}`, async () => {
    const { ids, overview, otherCount } = await t.db.withTenant(self().id, async (tx) => ({
      ids: (await sql<{ id: string }>`select id from tenants order by id`.execute(tx)).rows.map((r) => r.id),
      overview: (await sql<{ tenant_id: string }>`select tenant_id from v_tenant_overview`.execute(tx)).rows.map((r) => r.tenant_id),
      otherCount: (await sql<{ n: number }>`select count(*)::int as n from tenants where id = ${other().id}::uuid`.execute(tx)).rows[0]!.n,
    }));
    expect(ids).toEqual([self().id]);
    expect(overview).toEqual([self().id]);
    expect(otherCount).toBe(0);

    const before = await ownerDigestOfTenant(other().id);
    const update = await asTenant(self().id, (tx) =>
      sql`update tenants set business_name = 'Hijacked SpA', updated_at = now() where id = ${other().id}::uuid returning id`.execute(tx),
    );
    expect(show(update)).toBe('succeeded (0 rows)');
    const insert = await asTenant(self().id, (tx) =>
      sql`insert into tenants (rut, business_name, contact_email) values (${rutFromBody(33_333_333)}, 'Nueva SpA', 'n@example.cl') returning id`.execute(tx),
    );
    expect(!insert.ok && isPermissionRefusal(insert.error)).toBe(true);
    expect(await ownerDigestOfTenant(other().id)).toBe(before);
  });

  it(`gets not_found from every SQL operation aimed at ${otherLabel}`, async () => {
    const before = await ownerDigests(other().id);
    const id = other().id;
    const calls: Array<[string, (tx: Tx) => Promise<{ rows: unknown[] }>]> = [
      ['set_tenant_status', (tx) => sql`select set_tenant_status(${id}::uuid, 'suspended')`.execute(tx)],
      ['activate_product_for_tenant', (tx) => sql`select activate_product_for_tenant(${id}::uuid, 'ai', 'subscription')`.execute(tx)],
      ['activate_default_products_for_tenant', (tx) => sql`select activate_default_products_for_tenant(${id}::uuid, null, array['ai'])`.execute(tx)],
      ['deactivate_product_for_tenant', (tx) => sql`select deactivate_product_for_tenant(${id}::uuid, 'chat')`.execute(tx)],
      ['outbox_emit', (tx) => sql`select outbox_emit(${id}::uuid, 'test.hijack', '{}')`.execute(tx)],
    ];
    const problems: string[] = [];
    for (const [name, call] of calls) {
      const outcome = await asTenant(self().id, call);
      if (outcome.ok || !(outcome.error instanceof AppError) || outcome.error.code !== 'not_found') problems.push(`${name}: ${show(outcome)}`);
    }
    expect(problems).toEqual([]);
    expect(await ownerDigests(other().id)).toEqual(before);
  });

  it(`runs the trial lifecycle over its own trials only`, async () => {
    const { rows } = await t.db.asOwner((tx) =>
      sql<{ tenant_id: string; n: number }>`
        select tenant_id, count(*)::int as n from tenant_products where status = 'trial' group by tenant_id`.execute(tx),
    );
    const ownTrials = rows.find((r) => r.tenant_id === self().id)?.n ?? 0;
    expect(ownTrials).toBeGreaterThan(0);
    expect(rows.find((r) => r.tenant_id === other().id)?.n ?? 0).toBeGreaterThan(0);
    // Far in the future every trial is due; as this tenant, only its own expire. Rolled back.
    const outcome = await t.db
      .withTenant(self().id, async (tx) => {
        const r = await sql<{ expired: number }>`select expired from run_trial_lifecycle(now() + interval '10 years', interval '1 day')`.execute(tx);
        throw new LifecycleResult(r.rows[0]!.expired);
      })
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(LifecycleResult);
    expect((outcome as LifecycleResult).expired).toBe(ownTrials);
  });
});
