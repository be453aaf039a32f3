import { useEffect, useRef, useState } from 'react';
import { onUnauthorized } from './api.ts';
import { useI18n, type MessageKey } from './i18n.tsx';
import { NewTenantPage } from './pages/new-tenant-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { TenantPage } from './pages/tenant-page.tsx';
import { TenantsPage } from './pages/tenants-page.tsx';
import { linkHandler, navigate, parseRoute, usePathname, type Route } from './router.ts';
import { clearSession, loadSession } from './session.ts';
import { Link } from './ui.tsx';

/** Areas that arrive with their products; listed now so the navigation has their place, but not pages yet. */
const COMING: MessageKey[] = ['nav.chat', 'nav.erp', 'nav.automation', 'nav.analytics'];

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  switch (route.name) {
    case 'tenants':
      return <TenantsPage />;
    case 'new-tenant':
      return <NewTenantPage />;
    case 'tenant':
      return <TenantPage key={route.id} id={route.id} />;
    default:
      return (
        <div className="empty">
          <p>{t('tenant.notFound')}</p>
          <Link to="/tenants">{t('tenant.back')}</Link>
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
    if (!signedIn && route.name !== 'login') navigate(`/login?next=${encodeURIComponent(pathname)}`, { replace: true });
    if (signedIn && route.name === 'login') navigate('/tenants', { replace: true });
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
            navigate(next && next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/tenants', { replace: true });
          }}
        />
      </>
    );
  }

  const current = route.name === 'tenant' || route.name === 'tenants' ? 'tenants' : route.name;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <Link to="/tenants" className="brand">
          SmarterOS
        </Link>
        <div className="topbar-actions">
          {languageButton}
          <button
            type="button"
            className="button link"
            onClick={() => {
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
          <Page route={route} />
        </main>
      </div>
    </>
  );
}
