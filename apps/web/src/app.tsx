import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { logout } from './api.ts';
import { messagesReady, useI18n, type MessageKey } from './i18n.tsx';
import { AcceptInvitationPage } from './pages/accept-invitation-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { tenantQuery } from './queries.ts';
import { TenantSwitcher } from './tenant-switcher.tsx';
import { linkHandler, navigate, type RouteName } from './router.ts';
import { clearSession, homePath, isPlatformSession, loadSession, sessionState, subscribeSession } from './session.ts';
import { Link, Loading } from './ui.tsx';

/** The password pages load with their form library (zod) when first opened, outside the first load. */
/** Like the routes' pages, they draw once their words are here in the language chosen. */
async function passwordPages() {
  const pages = await import('./pages/password-pages.tsx');
  await messagesReady().catch(() => undefined);
  return pages;
}
const ForgotPasswordPage = lazy(() => passwordPages().then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => passwordPages().then((m) => ({ default: m.ResetPasswordPage })));

/**
 * The products' areas, in the navigation whether or not the tenant has them: a link once the product is on trial or
 * subscribed and the area has pages (`path`, for the roles that may open it), else disabled with the product's state.
 */
const PRODUCT_AREAS: Array<{ key: MessageKey; product: string; path?: string; route?: RouteName }> = [
  { key: 'nav.chat', product: 'chat', path: 'chat', route: 'tenant-chat' },
  { key: 'nav.erp', product: 'erp' },
  { key: 'nav.automation', product: 'automation' },
  { key: 'nav.analytics', product: 'analytics' },
];

/** The tenant's record (the same cache entry as its summary page and the breadcrumb). */
const useTenant = (tenantId: string | null) => useQuery(tenantQuery(tenantId));

/** Shown instead of a page the session may not open (an operator page, or another tenant's). */
export function NoAccess({ home }: { home: string }) {
  const { t } = useI18n();
  return (
    <div className="empty" data-testid="no-access">
      <h1>{t('access.title')}</h1>
      <p>{t('access.body')}</p>
      <Link to={home}>{t('access.home')}</Link>
    </div>
  );
}

/** An address the console has no page for. */
export function NotFound() {
  const { t } = useI18n();
  const session = loadSession();
  return (
    <div className="empty" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <Link to={homePath(session)}>{isPlatformSession(session) ? t('tenant.back') : t('access.home')}</Link>
    </div>
  );
}

const SECTION: Partial<Record<RouteName, MessageKey>> = {
  'tenant-apis': 'nav.apis',
  'tenant-provider': 'nav.apis',
  'tenant-requests': 'nav.requests',
  'tenant-mcp': 'nav.mcp',
  'tenant-outbox': 'nav.outbox',
  'tenant-actions': 'nav.actions',
  'tenant-chat': 'nav.chat',
  'tenant-chat-settings': 'nav.chat',
};

/** Which tenant a tenant-scoped page is about, as Supabase shows the project: Empresas › name › section. */
function TenantBreadcrumb({ tenantId, name, platform }: { tenantId: string; name: RouteName; platform: boolean }) {
  const { t } = useI18n();
  const tenant = useTenant(tenantId);
  const section = SECTION[name];
  const base = `/tenants/${encodeURIComponent(tenantId)}`;
  const tenantName = tenant.data?.business_name ?? '…';
  return (
    <nav className="breadcrumb" aria-label={t('nav.breadcrumb')} data-testid="breadcrumb">
      <ol>
        {platform && (
          <li>
            <Link to="/tenants">{t('nav.tenants')}</Link>
          </li>
        )}
        <li>{section ? <Link to={base}>{tenantName}</Link> : <span aria-current="page">{tenantName}</span>}</li>
        {section && (
          <li>
            {name === 'tenant-provider' || name === 'tenant-chat-settings' ? <Link to={`${base}/${name === 'tenant-provider' ? 'apis' : 'chat'}`}>{t(section)}</Link> : <span aria-current="page">{t(section)}</span>}
          </li>
        )}
      </ol>
    </nav>
  );
}

/** The console's frame around every page: sign-in, the header, the navigation; the page is the router's outlet. */
export function Shell() {
  const { t, lang, setLang } = useI18n();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const pending = useRouterState({ select: (s) => s.status === 'pending' || s.isLoading || s.matches.length === 0 });
  const leaf = useRouterState({ select: (s) => s.matches[s.matches.length - 1] });
  const routeName: RouteName | 'not-found' = leaf?.staticData.name ?? 'not-found';
  const route = { name: routeName };
  const tenantId = (leaf?.params as { id?: string } | undefined)?.id ?? null;
  // The browser's session, shared by its tabs (session.ts): a sign-out or a switch in another tab arrives here too.
  const { restoring, session: viewer, reason } = useSyncExternalStore(subscribeSession, sessionState);
  const signedIn = viewer !== null;
  const [flash, setFlash] = useState<string | null>(null);
  const notice = flash ?? (reason === 'expired' ? t('login.expired') : reason === 'elsewhere' ? t('login.signedOutElsewhere') : null);
  // The tenant the navigation is about: the one the platform views, or the own one.
  const shownTenant = useTenant(viewer === null ? null : isPlatformSession(viewer) ? tenantId : (viewer.tenantId ?? null));
  const queryClient = useQueryClient();

  // Signed out (here or in another tab): nothing of the last person's data stays in the cache. Only a session that
  // ends clears it: a page open to anyone (an invitation's link) keeps what it read before anyone signed in.
  const wasSignedIn = useRef(false);
  useEffect(() => {
    if (wasSignedIn.current && !signedIn) queryClient.clear();
    wasSignedIn.current = signedIn;
  }, [signedIn, queryClient]);

  // Another tab switched the browser's session to another tenant: this tab follows, to that tenant's page.
  const lastTenant = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    const now = viewer?.tenantId;
    if (lastTenant.current && now && now !== lastTenant.current && !isPlatformSession(viewer)) navigate(homePath(viewer), { replace: true });
    lastTenant.current = now;
  }, [viewer]);

  useEffect(() => {
    // While the router resolves a new location, its matches are still the old page's; and the cookie is asked first.
    if (pending || restoring || route.name === 'accept-invitation' || route.name === 'password-forgot' || route.name === 'password-reset') return;
    if (!signedIn && route.name !== 'login') navigate(`/login?next=${encodeURIComponent(pathname)}`, { replace: true });
    if (signedIn && route.name === 'login') navigate(homePath(loadSession()), { replace: true });
    // The root is the tenants table for the platform; a tenant's people start at their tenant.
    if (signedIn && pathname === '/' && !isPlatformSession(loadSession())) navigate(homePath(loadSession()), { replace: true });
  }, [pending, restoring, signedIn, route.name, pathname]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  // On a phone the navigation is one scrolling row: keep the current page's link in view.
  useEffect(() => {
    const link = document.querySelector<HTMLElement>('.sidebar [aria-current="page"]');
    const row = link?.closest('ul');
    if (!link || !row || row.scrollWidth <= row.clientWidth) return;
    const left = link.offsetLeft - row.offsetLeft;
    if (left < row.scrollLeft || left + link.offsetWidth > row.scrollLeft + row.clientWidth) row.scrollLeft = left - 16;
  }, [pathname, signedIn]);

  // After a navigation, screen readers and keyboards start at the new page's content, not at the link they left.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (signedIn && route.name !== 'login') document.getElementById('main')?.focus();
  }, [pathname, signedIn, route.name]);

  const languageButton = (
    <button type="button" className="button link" lang={lang === 'es' ? 'en' : 'es'} aria-label={t('app.languageLabel')} onClick={() => setLang(lang === 'es' ? 'en' : 'es')}>
      {t('app.language')}
    </button>
  );

  const publicHeader = (
    <header className="topbar">
      <span className="brand">SmarterOS</span>
      {languageButton}
    </header>
  );

  if (route.name === 'accept-invitation') {
    return (
      <>
        {publicHeader}
        <AcceptInvitationPage
          onSignedIn={(home) => {
            setFlash(null);
            navigate(home, { replace: true });
          }}
        />
      </>
    );
  }

  // Asking for a reset link, and setting a new password from one: open to anyone, signed in or not.
  if (route.name === 'password-forgot' || route.name === 'password-reset') {
    return (
      <>
        {publicHeader}
        <Suspense fallback={<Loading label={t('app.loadingPage')} />}>
          {route.name === 'password-forgot' ? (
            <ForgotPasswordPage />
          ) : (
            <ResetPasswordPage
              onDone={() => {
                // The reset ended every session of that person; a session this browser held is one of them.
                if (loadSession()) clearSession('logout');
                setFlash(t('reset.done'));
                navigate('/login', { replace: true });
              }}
            />
          )}
        </Suspense>
      </>
    );
  }

  // A new tab asks the browser's cookie for the session before deciding between the console and sign-in.
  if (restoring) {
    return (
      <>
        {publicHeader}
        <main id="main" className="login">
          <Loading label={t('app.restoring')} />
        </main>
      </>
    );
  }

  if (!signedIn || route.name === 'login') {
    return (
      <>
        {publicHeader}
        <LoginPage
          notice={notice}
          onSignedIn={() => {
            setFlash(null);
            const next = new URLSearchParams(location.search).get('next');
            const home = homePath(loadSession());
            // A tenant's person asked for the root (or nothing): their tenant, not the operator table.
            const wanted = next && next.startsWith('/') && !next.startsWith('//') && next !== '/login' && next !== '/' ? next : null;
            navigate(wanted ?? (next === '/' && home === '/tenants' ? '/' : home), { replace: true });
          }}
        />
      </>
    );
  }

  const session = loadSession();
  const platform = isPlatformSession(session);
  const home = homePath(session);
  // The pages of one tenant (its summary, its API registry, its request log): the own tenant's, or the one the platform views.
  const tenantBase = platform ? (tenantId ? `/tenants/${encodeURIComponent(tenantId)}` : null) : session?.tenantId ? home : null;
  const tenantLinks = tenantBase
    ? [
        { key: 'tenant', to: tenantBase, label: platform ? t('nav.overview') : t('nav.myTenant') },
        { key: 'tenant-apis', to: `${tenantBase}/apis`, label: t('nav.apis') },
        { key: 'tenant-requests', to: `${tenantBase}/requests`, label: t('nav.requests') },
        { key: 'tenant-mcp', to: `${tenantBase}/mcp`, label: t('nav.mcp') },
        { key: 'tenant-actions', to: `${tenantBase}/actions`, label: t('nav.actions') },
        // The tenant's dead letters: its admins (the platform has its own page for every tenant's).
        ...(!platform && (session?.role === 'owner' || session?.role === 'admin') ? [{ key: 'tenant-outbox', to: `${tenantBase}/outbox`, label: t('nav.outbox') }] : []),
      ]
    : [];
  const currentTenantLink = route.name === 'tenant-provider' ? 'tenant-apis' : route.name === 'tenant-chat-settings' ? 'tenant-chat' : route.name;
  const isCurrent = (key: string): boolean => currentTenantLink === key && (platform || tenantId === session?.tenantId);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <Link to={home} className="brand">
          SmarterOS
        </Link>
        <div className="topbar-actions">
          {!platform && session?.tenantId && <TenantSwitcher key={session.tenantId} current={session.tenantId} />}
          <a href="/profile" className="button link" aria-current={route.name === 'profile' ? 'page' : undefined} onClick={linkHandler('/profile')}>
            {t('app.profile')}
          </a>
          {languageButton}
          <button
            type="button"
            className="button link"
            onClick={() => {
              setFlash(null);
              void logout();
              navigate('/login', { replace: true });
            }}
          >
            {t('app.logout')}
          </button>
        </div>
      </header>
      <div className="layout">
        <nav className="sidebar" aria-label={t('nav.label')}>
          <ul>
            {platform ? (
              <>
                <li>
                  <a href="/tenants" aria-current={route.name === 'tenants' ? 'page' : undefined} onClick={linkHandler('/tenants')}>
                    {t('nav.tenants')}
                  </a>
                </li>
                {tenantLinks.map((l) => (
                  <li key={l.key} className="nav-sub">
                    <a href={l.to} aria-current={isCurrent(l.key) ? 'page' : undefined} onClick={linkHandler(l.to)}>
                      {l.label}
                    </a>
                  </li>
                ))}
                <li>
                  <a href="/tenants/new" aria-current={route.name === 'new-tenant' ? 'page' : undefined} onClick={linkHandler('/tenants/new')}>
                    {t('nav.newTenant')}
                  </a>
                </li>
                <li>
                  <a href="/outbox" aria-current={route.name === 'outbox' ? 'page' : undefined} onClick={linkHandler('/outbox')}>
                    {t('nav.outboxPlatform')}
                  </a>
                </li>
              </>
            ) : (
              tenantLinks.map((l) => (
                <li key={l.key}>
                  <a href={l.to} aria-current={isCurrent(l.key) ? 'page' : undefined} onClick={linkHandler(l.to)}>
                    {l.label}
                  </a>
                </li>
              ))
            )}
            {PRODUCT_AREAS.map(({ key, product, path, route: area }) => {
              // A product the tenant has on trial or subscribed is not "coming soon" for them, even before its pages.
              const state = shownTenant.data?.products.find((p) => p.product_code === product)?.status;
              // Its pages, for the people who work in it (a viewer reads the tenant, not its inbox).
              if (path && area && tenantBase && (state === 'trial' || state === 'active') && session?.role !== 'viewer') {
                const to = `${tenantBase}/${path}`;
                return (
                  <li key={key} className={platform ? 'nav-sub' : undefined}>
                    <a href={to} aria-current={isCurrent(area) ? 'page' : undefined} onClick={linkHandler(to)}>
                      {t(key)}
                    </a>
                  </li>
                );
              }
              return (
                <li key={key}>
                  <span className="nav-disabled" aria-disabled="true">
                    {t(key)} <small>{state === 'trial' ? t('nav.onTrial') : state === 'active' ? t('nav.active') : t('nav.soon')}</small>
                  </span>
                </li>
              );
            })}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {tenantId && (platform || tenantId === session?.tenantId) && <TenantBreadcrumb key={tenantId} tenantId={tenantId} name={routeName === 'not-found' ? 'tenant' : routeName} platform={platform} />}
          <Outlet />
        </main>
      </div>
    </>
  );
}
