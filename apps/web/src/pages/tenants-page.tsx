import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useNavigate, useRouterState, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { apiRequest, queryString } from '../api.ts';
import { formatDate } from '../format.ts';
import { labelOf, useI18n } from '../i18n.tsx';
import { PRODUCT_CODES, TENANT_STATUSES, type Ok } from '../api/models.ts';
import { tenantsSearch, type TenantsSearch } from '../search.ts';
import { ErrorMessage, Link, Loading, StatusBadge, TableWrap } from '../ui.tsx';

const PAGE_SIZE = 25;

/** One page of the tenants table: the route starts it while the page draws, the page reads it from the cache. */
export function overviewQuery(filters: TenantsSearch) {
  const cursor = filters.cursors?.[filters.cursors.length - 1];
  const params = { q: filters.q, status: filters.status, product: filters.product, sort: filters.sort, cursor };
  return queryOptions({
    queryKey: ['overview', params],
    queryFn: ({ signal }) => apiRequest<Ok<'/api/v1/overview', 'get'>>(`/api/v1/overview${queryString({ ...params, limit: PAGE_SIZE })}`, { signal }),
  });
}

/**
 * The tenants table over GET /api/v1/overview: server-side search, filters and cursor pages; only one page is rendered.
 * Search, filters and page live in the URL (Back, a reload or a shared link show the same rows); pages are cached.
 */
export function TenantsPage() {
  const { t, locale } = useI18n();
  const filters = tenantsSearch(useSearch({ strict: false }));
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const routerNavigate = useNavigate();
  const go = (next: TenantsSearch, replace = false) => void routerNavigate({ to: pathname, search: next, replace });
  const [search, setSearch] = useState(filters.q ?? '');
  const cursors = filters.cursors ?? [];
  const cursor = cursors[cursors.length - 1];

  // New filters start again at the first page.
  const applyFilters = (next: TenantsSearch, replace = false) => go({ ...next, cursors: undefined }, replace);

  // Back or a link changed the search in the URL: the box follows.
  useEffect(() => setSearch(filters.q ?? ''), [filters.q]);

  // Search as one types, a moment after the last key (one history entry for the whole word, not one per key).
  useEffect(() => {
    const timer = setTimeout(() => {
      const q = search.trim() || undefined;
      if ((filters.q ?? undefined) !== q) applyFilters({ ...filters, q }, filters.q !== undefined && q !== undefined);
    }, 250);
    return () => clearTimeout(timer);
  }, [search, filters.q, filters.status, filters.product, filters.sort, cursor]);

  // The rows shown stay while the next page loads (the table says it is busy).
  const query = useQuery({ ...overviewQuery(filters), placeholderData: keepPreviousData });
  const page = query.data ?? null;
  const loading = query.isFetching;
  const error = query.isError && !query.isFetching ? query.error : null;

  const filtered = filters.q !== undefined || filters.status !== undefined || filters.product !== undefined;
  const rows = page?.items ?? [];
  const sort = filters.sort ?? '-created_at';
  /** A sortable column's header: a button that flips the order, and says the order it is in. */
  const sortHeader = (column: 'business_name' | 'created_at', label: string, first: 'asc' | 'desc') => {
    const current = sort === column ? 'asc' : sort === `-${column}` ? 'desc' : null;
    const next = current === null ? first : current === 'asc' ? 'desc' : 'asc';
    return (
      <th scope="col" aria-sort={current === 'asc' ? 'ascending' : current === 'desc' ? 'descending' : undefined}>
        <button
          type="button"
          className="sort-button"
          aria-label={`${t('tenants.sortBy', { column: label })}${current ? `, ${t(current === 'asc' ? 'tenants.sortAsc' : 'tenants.sortDesc')}` : ''}`}
          onClick={() => {
            const value = next === 'asc' ? column : (`-${column}` as const);
            applyFilters({ ...filters, sort: value === '-created_at' ? undefined : value });
          }}
        >
          {label} {current === 'asc' ? '↑' : current === 'desc' ? '↓' : ''}
        </button>
      </th>
    );
  };

  return (
    <>
      <div className="page-header">
        <h1>{t('tenants.title')}</h1>
        <Link to="/tenants/new" className="button primary">
          {t('nav.newTenant')}
        </Link>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor="tenant-search">{t('tenants.search')}</label>
          <input id="tenant-search" type="search" value={search} placeholder={t('tenants.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="tenant-status">{t('tenants.status')}</label>
          <select id="tenant-status" value={filters.status ?? ''} onChange={(e) => applyFilters({ ...filters, status: TENANT_STATUSES.find((s) => s === e.target.value) })}>
            <option value="">{t('tenants.any')}</option>
            {TENANT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {labelOf(t, 'status', s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="tenant-product">{t('tenants.product')}</label>
          <select id="tenant-product" value={filters.product ?? ''} onChange={(e) => applyFilters({ ...filters, product: PRODUCT_CODES.find((p) => p === e.target.value) })}>
            <option value="">{t('tenants.any')}</option>
            {PRODUCT_CODES.map((p) => (
              <option key={p} value={p}>
                {labelOf(t, 'product', p)}
              </option>
            ))}
          </select>
        </div>
      </form>

      {page && (
        <p className="tenants-total" data-testid="tenants-total" aria-live="polite">
          {t(filtered ? 'tenants.totalFiltered' : 'tenants.total', { n: page.total })}
        </p>
      )}
      {error !== null && <ErrorMessage error={error} onRetry={() => void query.refetch()} />}
      {loading && !page && <Loading label={t('tenants.loading')} />}
      {page && rows.length === 0 && !loading && <p className="empty">{filtered ? t('tenants.noMatch') : t('tenants.empty')}</p>}
      {rows.length > 0 && (
        <TableWrap aria-busy={loading}>
          <table className="tenants-table">
            <caption className="visually-hidden">{t('tenants.count', { n: rows.length })}</caption>
            <thead>
              <tr>
                {sortHeader('business_name', t('tenants.colName'), 'asc')}
                <th scope="col">{t('tenants.colRut')}</th>
                <th scope="col">{t('tenants.colStatus')}</th>
                <th scope="col">{t('tenants.colPlan')}</th>
                <th scope="col">{t('tenants.colProducts')}</th>
                {sortHeader('created_at', t('tenants.colCreated'), 'desc')}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.tenant_id}>
                  <th scope="row">
                    <Link to={`/tenants/${row.tenant_id}`}>{row.business_name}</Link>
                  </th>
                  <td className="nowrap">{row.rut_formatted}</td>
                  <td>
                    <StatusBadge status={row.tenant_status} />
                  </td>
                  <td>{labelOf(t, 'plan', row.tenant_plan)}</td>
                  <td>
                    <ul className="chips">
                      {row.products
                        .filter((p) => p.status === 'trial' || p.status === 'active')
                        .map((p) => (
                          <li key={p.product_code} className={`chip chip-${p.status}`}>
                            {labelOf(t, 'product', p.product_code)}
                          </li>
                        ))}
                    </ul>
                  </td>
                  <td className="nowrap">{formatDate(row.created_at, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {(cursors.length > 0 || page?.next_cursor) && (
        <nav className="pager" aria-label={t('tenants.pagination')}>
          <button type="button" className="button secondary" disabled={cursors.length === 0 || loading} onClick={() => go({ ...filters, cursors: cursors.slice(0, -1) })}>
            ← {t('tenants.previous')}
          </button>
          <span aria-live="polite">{t('tenants.page', { n: cursors.length + 1 })}</span>
          <button
            type="button"
            className="button secondary"
            disabled={!page?.next_cursor || loading}
            onClick={() => page?.next_cursor && go({ ...filters, cursors: [...cursors, page.next_cursor] })}
          >
            {t('tenants.next')} →
          </button>
        </nav>
      )}
    </>
  );
}
