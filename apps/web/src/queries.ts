/**
 * The console's server state, by key: one cache entry per piece of data, whichever page reads it (the breadcrumb and
 * the tenant page share `tenant`; the registry, the request log's filter and the AI page share `capabilities`), and
 * the prefixes mutations invalidate. Pages read through the query options below, never with their own fetches.
 */
import { queryOptions, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { api, data, tenantParam } from './api.ts';
import { loadSession } from './session.ts';

export const keys = {
  tenant: (id: string | null) => ['tenant', id] as const,
  tenantEvents: (id: string) => ['tenant-events', id] as const,
  /** Every page of the tenants table (each page is `['overview', params]`). */
  overview: ['overview'] as const,
  plans: ['plans'] as const,
  members: (id: string) => ['members', id] as const,
  invitations: (id: string) => ['invitations', id] as const,
  apiKeys: (id: string) => ['api-keys', id] as const,
  securityEvents: (id: string) => ['security-events', id] as const,
  me: (tenantId: string | null) => ['me', tenantId] as const,
  myTenants: ['my-tenants'] as const,
  /** Everything of a tenant's API registry (providers, one provider, its endpoints, the capabilities). */
  registry: (tenantId: string) => ['registry', tenantId] as const,
  providers: (tenantId: string) => ['registry', tenantId, 'providers'] as const,
  provider: (tenantId: string, providerId: string) => ['registry', tenantId, 'provider', providerId] as const,
  endpoints: (tenantId: string, providerId: string) => ['registry', tenantId, 'endpoints', providerId] as const,
  capabilities: (tenantId: string) => ['registry', tenantId, 'capabilities'] as const,
  /** The request log's pages and summaries of a tenant. */
  gateway: (tenantId: string) => ['gateway', tenantId] as const,
  mcpPolicy: (tenantId: string) => ['mcp-policy', tenantId] as const,
  mcpInvocations: (tenantId: string) => ['mcp-invocations', tenantId] as const,
  confirmations: (tenantId: string) => ['confirmations', tenantId] as const,
  actions: (tenantId: string) => ['actions', tenantId] as const,
  /** The outbox of one tenant, or of the platform (`'platform'`). */
  outbox: (scope: string) => ['outbox', scope] as const,
  /** Everything of a tenant's inbox: the live stream updates these entries in place, a `reset` invalidates them all. */
  chat: (tenantId: string) => ['chat', tenantId] as const,
  chatInboxes: (tenantId: string) => ['chat', tenantId, 'inboxes'] as const,
  /** Every page of every filtered list (each list is `['chat', tenant, 'conversations', { status, inbox }]`). */
  conversations: (tenantId: string) => ['chat', tenantId, 'conversations'] as const,
  /** The sidebar's counts (per status and inbox, unread, mine, unassigned). */
  chatCounts: (tenantId: string) => ['chat', tenantId, 'counts'] as const,
  chatLabels: (tenantId: string) => ['chat', tenantId, 'labels'] as const,
  cannedResponses: (tenantId: string) => ['chat', tenantId, 'canned'] as const,
  contact: (tenantId: string, id: string) => ['chat', tenantId, 'contact', id] as const,
  conversation: (tenantId: string, id: string) => ['chat', tenantId, 'conversation', id] as const,
  /** A conversation's messages: an infinite query, newest page first (each page newest first). */
  messages: (tenantId: string, conversationId: string) => ['chat', tenantId, 'messages', conversationId] as const,
};

/**
 * Polling, only for data that changes by itself (dead letters, writes waiting for confirmation): paused while the tab
 * is hidden, and read again when the person comes back to it.
 */
export const POLLING = { refetchInterval: 15_000, refetchIntervalInBackground: false, refetchOnWindowFocus: true } as const;

const tenantPath = (id: string) => ({ path: { id } });

export const tenantQuery = (id: string | null) =>
  queryOptions({
    queryKey: keys.tenant(id),
    queryFn: ({ signal }) => data(api.GET('/api/v1/tenants/{id}', { params: tenantPath(id ?? ''), signal })),
    enabled: id !== null,
  });

export const membersQuery = (tenantId: string) =>
  queryOptions({
    queryKey: keys.members(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/tenants/{id}/members', { params: tenantPath(tenantId), signal })).then((r) => r.items),
  });

export const invitationsQuery = (tenantId: string) =>
  queryOptions({
    queryKey: keys.invitations(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/tenants/{id}/invitations', { params: tenantPath(tenantId), signal })).then((r) => r.items),
  });

export const apiKeysQuery = (tenantId: string) =>
  queryOptions({
    queryKey: keys.apiKeys(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/tenants/{id}/api-keys', { params: tenantPath(tenantId), signal })).then((r) => r.items),
  });

/** The signed-in caller (per tenant: a switch is another caller). */
export const meQuery = () =>
  queryOptions({
    queryKey: keys.me(loadSession()?.tenantId ?? null),
    queryFn: ({ signal }) => data(api.GET('/api/v1/auth/me', { signal })),
  });

export const myTenantsQuery = () =>
  queryOptions({
    queryKey: keys.myTenants,
    queryFn: ({ signal }) => data(api.GET('/api/v1/me/tenants', { signal })).then((r) => r.items),
  });

export const providersQuery = (tenantId: string) =>
  queryOptions({
    queryKey: keys.providers(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/providers', { params: tenantParam(tenantId), signal })).then((r) => r.items),
  });

export const providerQuery = (tenantId: string, providerId: string) =>
  queryOptions({
    queryKey: keys.provider(tenantId, providerId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/providers/{provider_id}', { params: { path: { provider_id: providerId }, ...tenantParam(tenantId) }, signal })),
  });

export const endpointsQuery = (tenantId: string, providerId: string) =>
  queryOptions({
    queryKey: keys.endpoints(tenantId, providerId),
    queryFn: ({ signal }) =>
      data(api.GET('/api/v1/providers/{provider_id}/endpoints', { params: { path: { provider_id: providerId }, ...tenantParam(tenantId) }, signal })).then((r) =>
        r.items.slice().sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method)),
      ),
  });

/** Every capability of the tenant: the registry, a provider's page (filtered), the request log's filter and the AI page. */
export const capabilitiesQuery = (tenantId: string) =>
  queryOptions({
    queryKey: keys.capabilities(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/capabilities', { params: tenantParam(tenantId), signal })).then((r) => r.items),
  });

export const mcpPolicyQuery = (tenantId: string) =>
  queryOptions({
    queryKey: keys.mcpPolicy(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/tenants/{id}/mcp/policy', { params: tenantPath(tenantId), signal })),
  });

/** The writes of a tenant that wait for someone to approve or reject them (shared by the AI page and the actions page). */
export const pendingConfirmationsQuery = (tenantId: string) =>
  queryOptions({
    queryKey: [...keys.confirmations(tenantId), 'pending'] as const,
    queryFn: ({ signal }) =>
      data(api.GET('/api/v1/actions/confirmations', { params: { query: { tenant_id: tenantId, status: 'pending', limit: 100 } }, signal })).then((r) => r.items),
    ...POLLING,
  });

/** The tenant's inboxes (agents see them as the inbox filter; admins as the settings). */
export const chatInboxesQuery = (tenantId: string) =>
  queryOptions({
    queryKey: keys.chatInboxes(tenantId),
    queryFn: ({ signal }) => data(api.GET('/api/v1/chat/inboxes', { params: tenantParam(tenantId), signal })).then((r) => r.items),
  });

/** Marks the entries under these keys stale (read again now where a page shows them); resolves once they are. */
export function invalidate(queryClient: QueryClient, ...queryKeys: QueryKey[]): Promise<void> {
  return Promise.all(queryKeys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))).then(() => undefined);
}

/**
 * An optimistic change of one cache entry: the in-flight reads of it are cancelled (they would overwrite the change),
 * the change is shown at once, and the returned function puts back what was there (a mutation's onError calls it).
 */
export async function optimistic<T>(queryClient: QueryClient, queryKey: QueryKey, change: (current: T) => T): Promise<() => void> {
  await queryClient.cancelQueries({ queryKey });
  const before = queryClient.getQueryData<T>(queryKey);
  if (before !== undefined) queryClient.setQueryData<T>(queryKey, change(before));
  return () => queryClient.setQueryData<T>(queryKey, before);
}
