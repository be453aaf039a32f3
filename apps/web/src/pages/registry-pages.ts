/** The API registry and the request log: one chunk, loaded when a tenant's API pages are first opened. */
export { ProviderPage } from './provider-page.tsx';
export { RegistryPage } from './registry-page.tsx';
export { RequestLogPage } from './request-log-page.tsx';
