import { useEffect, useState } from 'react';

/** A tiny History API router: the server answers index.html for every console path. */
export type Route =
  | { name: 'login' }
  | { name: 'tenants' }
  | { name: 'new-tenant' }
  | { name: 'tenant'; id: string }
  | { name: 'tenant-apis'; id: string }
  | { name: 'tenant-provider'; id: string; providerId: string }
  | { name: 'tenant-requests'; id: string }
  | { name: 'tenant-mcp'; id: string }
  | { name: 'accept-invitation' }
  | { name: 'profile' }
  | { name: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/login') return { name: 'login' };
  if (pathname === '/' || pathname === '/tenants') return { name: 'tenants' };
  if (pathname === '/invitations/accept') return { name: 'accept-invitation' };
  if (pathname === '/tenants/new') return { name: 'new-tenant' };
  if (pathname === '/profile') return { name: 'profile' };
  const m = /^\/tenants\/([^/]+)$/.exec(pathname);
  if (m) return { name: 'tenant', id: decodeURIComponent(m[1]!) };
  const sub = /^\/tenants\/([^/]+)\/(apis|requests|mcp)(?:\/([^/]+))?$/.exec(pathname);
  if (sub) {
    const id = decodeURIComponent(sub[1]!);
    if (sub[2] === 'requests') return sub[3] ? { name: 'not-found' } : { name: 'tenant-requests', id };
    if (sub[2] === 'mcp') return sub[3] ? { name: 'not-found' } : { name: 'tenant-mcp', id };
    return sub[3] ? { name: 'tenant-provider', id, providerId: decodeURIComponent(sub[3]) } : { name: 'tenant-apis', id };
  }
  return { name: 'not-found' };
}

const EVENT = 'smarteros:navigate';

/** The tenant a route belongs to (its pages share the tenant's navigation), or null. */
export function tenantOf(route: Route): string | null {
  return 'id' in route ? route.id : null;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(EVENT));
}

export function usePathname(): string {
  const [pathname, setPathname] = useState(() => location.pathname);
  useEffect(() => {
    const update = () => setPathname(location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return pathname;
}

/** Plain left clicks on internal links navigate without a reload; modified clicks keep the browser's behaviour. */
export function linkHandler(path: string) {
  return (event: { preventDefault(): void; button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(path);
  };
}
