import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { ApiError, logout, onUnauthorized } from './api.ts';
import { useI18n, type MessageKey } from './i18n.tsx';
import { NewTenantPage } from './pages/new-tenant-page.tsx';
import { AcceptInvitationPage } from './pages/accept-invitation-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { TenantPage } from './pages/tenant-page.tsx';
import { TenantsPage } from './pages/tenants-page.tsx';
import { ProfilePage } from './pages/profile-page.tsx';
import { TenantSwitcher } from './tenant-switcher.tsx';
import { linkHandler, navigate, parseRoute, tenantOf, usePathname, type Route } from './router.ts';
import { clearSession, homePath, isPlatformSession, loadSession, type Session } from './session.ts';
import { ErrorMessage, Link, Loading } from './ui.tsx';

/** Shown when a page's code cannot be fetched (offline, or a deploy replaced it): reloading fetches the current one. */
function PageLoadFailed() {
  return <ErrorMessage error={new ApiError(0, 'network', 'network')} onRetry={() => location.reload()} />;
}

/** The API registry and request log load on first use: the first load of the console stays small. */
const registryPages = () => import('./pages/registry-pages.ts').catch(() => null);
const RegistryPage = lazy(async () => ({ default: (await registryPages())?.RegistryPage ?? PageLoadFailed }));
const ProviderPage = lazy(async () => ({ default: (await registryPages())?.ProviderPage ?? PageLoadFailed }));
const RequestLogPage = lazy(async () => ({ default: (await registryPages())?.RequestLogPage ?? PageLoadFailed }));
/** The AI / MCP page: its own chunk, loaded when first opened. */
const McpPage = lazy(async () => ({ default: (await import('./pages/mcp-page.tsx').catch(() => null))?.McpPage ?? PageLoadFailed }));

/** Areas that arrive with their products; listed now so the navigation has their place, but not pages yet. */
const COMING: MessageKey[] = ['nav.chat', 'nav.erp', 'nav.automation', 'nav.analytics'];

/** Shown instead of a page the session may not open (an operator page, or another tenant's). */
function NoAccess({ home }: { home: string }) {
  const { t } = useI18n();
  return (
    <div className="empty" data-testid="no-access">
      <h1>{t('access.title')}</h1>
      <p>{t('access.body')}</p>
      <Link to={home}>{t('access.home')}</Link>
    </div>
  );
}

function Page({ route, session }: { route: Route; session: Session | null }) {
  const { t } = useI18n();
  const platform = isPlatformSession(session);
  const home = homePath(session);
  switch (route.name) {
    case 'tenants':
      return platform ? <TenantsPage /> : <NoAccess home={home} />;
    case 'new-tenant':
      return platform ? <NewTenantPage /> : <NoAccess home={home} />;
    case 'profile':
      return <ProfilePage />;
    case 'tenant':
      return platform || route.id === session?.tenantId ? <TenantPage key={route.id} id={route.id} /> : <NoAccess home={home} />;
    case 'tenant-apis':
    case 'tenant-provider':
    case 'tenant-requests':
    case 'tenant-mcp':
      if (!platform && route.id !== session?.tenantId) return <NoAccess home={home} />;
      return (
        <Suspense fallback={<Loading label={t('app.loadingPage')} />}>
          {route.name === 'tenant-apis' ? (
            <RegistryPage key={route.id} tenantId={route.id} />
          ) : route.name === 'tenant-provider' ? (
            <ProviderPage key={`${route.id}/${route.providerId}`} tenantId={route.id} providerId={route.providerId} />
          ) : route.name === 'tenant-mcp' ? (
            <McpPage key={route.id} tenantId={route.id} />
          ) : (
            <RequestLogPage key={route.id} tenantId={route.id} />
          )}
        </Suspense>
      );
    default:
      return (
        <div className="empty">
          <p>{t('tenant.notFound')}</p>
          <Link to={home}>{platform ? t('tenant.back') : t('access.home')}</Link>
        </div>
      );
  }
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const pathname = usePathname();
  const route = parseRoute(pathname);
  const [signedIn, setSignedIn] = useState(() => loadSession() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(
    () =>
      onUnauthorized(() => {
        setSignedIn(false);
        setNotice(t('login.expired'));
        if (location.pathname !== '/login') navigate(`/login?next=${encodeURIComponent(location.pathname)}`, { replace: true });
      }),
    [t],
  );

  useEffect(() => {
    if (route.name === 'accept-invitation') return;
    if (!signedIn && route.name !== 'login') navigate(`/login?next=${encodeURIComponent(pathname)}`, { replace: true });
    if (signedIn && route.name === 'login') navigate(homePath(loadSession()), { replace: true });
    // The root is the tenants table for the platform; a tenant's people start at their tenant.
    if (signedIn && pathname === '/' && !isPlatformSession(loadSession())) navigate(homePath(loadSession()), { replace: true });
  }, [signedIn, route.name, pathname]);

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

  if (route.name === 'accept-invitation') {
    return (
      <>
        <header className="topbar">
          <span className="brand">SmarterOS</span>
          {languageButton}
        </header>
        <AcceptInvitationPage
          onSignedIn={(home) => {
            setNotice(null);
            setSignedIn(true);
            navigate(home, { replace: true });
          }}
        />
      </>
    );
  }

  if (!signedIn || route.name === 'login') {
    return (
      <>
        <header className="topbar">
          <span className="brand">SmarterOS</span>
          {languageButton}
        </header>
        <LoginPage
          notice={notice}
          onSignedIn={() => {
            setNotice(null);
            setSignedIn(true);
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
  const tenantId = tenantOf(route);
  // The pages of one tenant (its summary, its API registry, its request log): the own tenant's, or the one the platform views.
  const tenantBase = platform ? (tenantId ? `/tenants/${encodeURIComponent(tenantId)}` : null) : session?.tenantId ? home : null;
  const tenantLinks = tenantBase
    ? [
        { key: 'tenant', to: tenantBase, label: platform ? t('nav.overview') : t('nav.myTenant') },
        { key: 'tenant-apis', to: `${tenantBase}/apis`, label: t('nav.apis') },
        { key: 'tenant-requests', to: `${tenantBase}/requests`, label: t('nav.requests') },
        { key: 'tenant-mcp', to: `${tenantBase}/mcp`, label: t('nav.mcp') },
      ]
    : [];
  const currentTenantLink = route.name === 'tenant-provider' ? 'tenant-apis' : route.name;
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
              logout();
              clearSession();
              setSignedIn(false);
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
            {COMING.map((key) => (
              <li key={key}>
                <span className="nav-disabled" aria-disabled="true">
                  {t(key)} <small>{t('nav.soon')}</small>
                </span>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Page route={route} session={session} />
        </main>
      </div>
    </>
  );
}
