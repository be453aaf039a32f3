import { QueryClient } from '@tanstack/react-query';
import { createRootRoute, createRoute, createRouter, useParams } from '@tanstack/react-router';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { ApiError } from './api.ts';
import { NoAccess, NotFound, Shell } from './app.tsx';
import { messagesReady, useI18n } from './i18n.tsx';
import { history, type RouteName } from './router.ts';
import { chatSearch, mcpAuditSearch, outboxSearch, registrySearch, requestLogSearch, tenantsSearch } from './search.ts';
import { homePath, isPlatformSession, loadSession } from './session.ts';
import { overviewQuery, TenantsPage } from './pages/tenants-page.tsx';
import { ErrorMessage, Loading } from './ui.tsx';

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** Which page this is, for the shell's navigation and the page title. */
    name?: RouteName;
  }
}

/** The server-state cache: pages read through it, mutations update or invalidate it. */
export const queryClient = new QueryClient({
  defaultOptions: {
    // The pages show an error with a retry button; a 4xx answer is not retried behind the person's back.
    queries: { retry: (failures, err) => err instanceof ApiError && err.status >= 500 && failures < 1, refetchOnWindowFocus: false },
  },
});

/** Shown when a page's code cannot be fetched (offline, or a deploy replaced it): reloading fetches the current one. */
function PageLoadFailed() {
  return <ErrorMessage error={new ApiError(0, 'network', 'network')} onRetry={() => location.reload()} />;
}

/**
 * A page's code loads when the page is first opened: each page is its own chunk, the first load stays small. Its
 * chunk registers the page's Spanish words; while English is chosen, the page draws once its English is here too
 * (if that fetch fails, its Spanish stands in).
 */
function page<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return lazy(async () => {
    const component = await load().catch(() => PageLoadFailed as ComponentType<P>);
    await messagesReady().catch(() => undefined);
    return { default: component };
  });
}

const NewTenantPage = page(() => import('./pages/new-tenant-page.tsx').then((m) => m.NewTenantPage));
const TenantPage = page(() => import('./pages/tenant-page.tsx').then((m) => m.TenantPage));
const ProfilePage = page(() => import('./pages/profile-page.tsx').then((m) => m.ProfilePage));
const registryPages = () => import('./pages/registry-pages.ts');
const RegistryPage = page(() => registryPages().then((m) => m.RegistryPage));
const ProviderPage = page(() => registryPages().then((m) => m.ProviderPage));
const RequestLogPage = page(() => registryPages().then((m) => m.RequestLogPage));
const McpPage = page(() => import('./pages/mcp-page.tsx').then((m) => m.McpPage));
const ActionsPage = page(() => import('./pages/actions-page.tsx').then((m) => m.ActionsPage));
const chatPages = () => import('./pages/chat-pages.ts');
const ChatPage = page(() => chatPages().then((m) => m.ChatPage));
const ChatSettingsPage = page(() => chatPages().then((m) => m.ChatSettingsPage));
const OutboxPage = page(() => import('./pages/outbox-page.tsx').then((m) => m.OutboxPage));

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<Loading label={t('app.loadingPage')} />}>{children}</Suspense>;
}

/** Operator pages: the platform only. */
function PlatformOnly({ children }: { children: ReactNode }) {
  const session = loadSession();
  return isPlatformSession(session) ? <Lazy>{children}</Lazy> : <NoAccess home={homePath(session)} />;
}

/** A tenant's pages: the platform, or someone of that tenant (another tenant's id is not theirs to open). */
function TenantOnly({ render }: { render(ids: { id: string; providerId: string }): ReactNode }) {
  const params = useParams({ strict: false }) as { id?: string; providerId?: string };
  const session = loadSession();
  const id = params.id ?? '';
  if (!isPlatformSession(session) && id !== session?.tenantId) return <NoAccess home={homePath(session)} />;
  return <Lazy>{render({ id, providerId: params.providerId ?? '' })}</Lazy>;
}

/**
 * A tenant's page for some of its roles (the platform always): the inbox for agents and up, its channel settings for
 * owners and admins. Anyone else is told so (the API refuses them too).
 */
function TenantRoleOnly({ roles, render }: { roles: readonly string[]; render(ids: { id: string; providerId: string }): ReactNode }) {
  const session = loadSession();
  if (!isPlatformSession(session) && !roles.includes(session?.role ?? '')) return <NoAccess home={homePath(session)} />;
  return <TenantOnly render={render} />;
}

const rootRoute = createRootRoute({ component: Shell, notFoundComponent: NotFound });

const tenantsRoute = (path: '/' | '/tenants') =>
  createRoute({
    getParentRoute: () => rootRoute,
    path,
    staticData: { name: 'tenants' },
    validateSearch: tenantsSearch,
    // The operator's first page is in the first load, and its rows are asked for while the page draws (not after).
    loaderDeps: ({ search }) => search,
    loader: ({ deps }) => {
      if (isPlatformSession(loadSession())) void queryClient.prefetchQuery(overviewQuery(deps));
    },
    component: () => (
      <PlatformOnly>
        <TenantsPage />
      </PlatformOnly>
    ),
  });

/** A page of one tenant: its id (and provider) from the path, behind the tenant check; its search params, if it keeps any. */
const tenantRoute = (path: string, name: RouteName, render: (ids: { id: string; providerId: string }) => ReactNode, validateSearch?: (raw: Record<string, unknown>) => object) =>
  createRoute({ getParentRoute: () => rootRoute, path, staticData: { name }, ...(validateSearch ? { validateSearch } : {}), component: () => <TenantOnly render={render} /> });

const routeTree = rootRoute.addChildren([
  tenantsRoute('/'),
  tenantsRoute('/tenants'),
  // The shell draws these itself (they sign a person in, or set a password): the routes only name them.
  createRoute({ getParentRoute: () => rootRoute, path: '/login', staticData: { name: 'login' }, component: () => null }),
  createRoute({ getParentRoute: () => rootRoute, path: '/invitations/accept', staticData: { name: 'accept-invitation' }, component: () => null }),
  createRoute({ getParentRoute: () => rootRoute, path: '/password/forgot', staticData: { name: 'password-forgot' }, component: () => null }),
  createRoute({ getParentRoute: () => rootRoute, path: '/password/reset', staticData: { name: 'password-reset' }, component: () => null }),
  createRoute({ getParentRoute: () => rootRoute, path: '/profile', staticData: { name: 'profile' }, component: () => <Lazy><ProfilePage /></Lazy> }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/tenants/new',
    staticData: { name: 'new-tenant' },
    component: () => (
      <PlatformOnly>
        <NewTenantPage />
      </PlatformOnly>
    ),
  }),
  tenantRoute('/tenants/$id', 'tenant', ({ id }) => <TenantPage key={id} id={id} />),
  tenantRoute('/tenants/$id/apis', 'tenant-apis', ({ id }) => <RegistryPage key={id} tenantId={id} />, registrySearch),
  tenantRoute('/tenants/$id/apis/$providerId', 'tenant-provider', ({ id, providerId }) => (
    <ProviderPage key={`${id}/${providerId}`} tenantId={id} providerId={providerId} />
  )),
  tenantRoute('/tenants/$id/requests', 'tenant-requests', ({ id }) => <RequestLogPage key={id} tenantId={id} />, requestLogSearch),
  tenantRoute('/tenants/$id/mcp', 'tenant-mcp', ({ id }) => <McpPage key={id} tenantId={id} />, mcpAuditSearch),
  tenantRoute('/tenants/$id/actions', 'tenant-actions', ({ id }) => <ActionsPage key={id} tenantId={id} />),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/tenants/$id/chat',
    staticData: { name: 'tenant-chat' },
    validateSearch: chatSearch,
    component: () => <TenantRoleOnly roles={['owner', 'admin', 'agent']} render={({ id }) => <ChatPage key={id} tenantId={id} />} />,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/tenants/$id/chat/settings',
    staticData: { name: 'tenant-chat-settings' },
    component: () => <TenantRoleOnly roles={['owner', 'admin']} render={({ id }) => <ChatSettingsPage key={id} tenantId={id} />} />,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/tenants/$id/outbox',
    staticData: { name: 'tenant-outbox' },
    validateSearch: outboxSearch,
    component: () => <TenantOnly render={({ id }) => <OutboxPage key={id} tenantId={id} />} />,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/outbox',
    staticData: { name: 'outbox' },
    validateSearch: outboxSearch,
    component: () => (
      <PlatformOnly>
        <OutboxPage />
      </PlatformOnly>
    ),
  }),
]);

/** A page that failed while drawing: said in the console's words, with a way back. */
function PageFailed({ error }: { error: unknown }) {
  return <ErrorMessage error={error} onRetry={() => location.reload()} />;
}

export const router = createRouter({ routeTree, history, defaultPreload: false, scrollRestoration: true, defaultErrorComponent: PageFailed });
