import { useEffect, useRef, useState } from 'react';
import { logout, onUnauthorized } from './api.ts';
import { useI18n, type MessageKey } from './i18n.tsx';
import { NewTenantPage } from './pages/new-tenant-page.tsx';
import { AcceptInvitationPage } from './pages/accept-invitation-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { TenantPage } from './pages/tenant-page.tsx';
import { TenantsPage } from './pages/tenants-page.tsx';
import { ProfilePage } from './pages/profile-page.tsx';
import { TenantSwitcher } from './tenant-switcher.tsx';
import { linkHandler, navigate, parseRoute, usePathname, type Route } from './router.ts';
import { clearSession, homePath, isPlatformSession, loadSession, type Session } from './session.ts';
import { Link } from './ui.tsx';

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
  const current = route.name === 'tenant' || route.name === 'tenants' ? 'tenants' : route.name;
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
                  <a href="/tenants" aria-current={current === 'tenants' ? 'page' : undefined} onClick={linkHandler('/tenants')}>
                    {t('nav.tenants')}
                  </a>
                </li>
                <li>
                  <a href="/tenants/new" aria-current={current === 'new-tenant' ? 'page' : undefined} onClick={linkHandler('/tenants/new')}>
                    {t('nav.newTenant')}
                  </a>
                </li>
              </>
            ) : (
              <li>
                <a href={home} aria-current={pathname === home ? 'page' : undefined} onClick={linkHandler(home)}>
                  {t('nav.myTenant')}
                </a>
              </li>
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
