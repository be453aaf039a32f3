import { createBrowserHistory } from '@tanstack/react-router';

/**
 * The browser history the console's router (TanStack Router, routes.tsx) runs on. Pages move with navigate() and
 * <Link to="/tenants/…">: plain paths, so a page never imports the route tree that imports it.
 */
export const history = createBrowserHistory();

/** The names of the console's pages, carried by each route's staticData; null is the not-found page. */
export type RouteName =
  | 'login'
  | 'tenants'
  | 'new-tenant'
  | 'tenant'
  | 'tenant-apis'
  | 'tenant-provider'
  | 'tenant-requests'
  | 'tenant-mcp'
  | 'tenant-outbox'
  | 'tenant-actions'
  | 'tenant-chat'
  | 'tenant-chat-settings'
  | 'outbox'
  | 'accept-invitation'
  | 'password-forgot'
  | 'password-reset'
  | 'profile';

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replace(path);
  else history.push(path);
}

/** Plain left clicks on internal links navigate without a reload; modified clicks keep the browser's behaviour. */
export function linkHandler(path: string) {
  return (event: { preventDefault(): void; button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(path);
  };
}
