import { useEffect, useState } from 'react';
import { apiRequest, queryString } from '../api.ts';
import { formatDate } from '../format.ts';
import { labelOf, useI18n } from '../i18n.tsx';
import { PRODUCT_CODES, TENANT_STATUSES, type OverviewRow, type Page } from '../api/models.ts';
import { ErrorMessage, Link, Loading, StatusBadge } from '../ui.tsx';

const PAGE_SIZE = 25;

interface Filters {
  q: string;
  status: string;
  product: string;
}

/** The tenants table over GET /api/v1/overview: server-side search, filters and cursor pages; only one page is rendered. */
export function TenantsPage() {
  const { t, locale } = useI18n();
  const [search, setSearch] = useState('');
  const [filters, setFilters] = useState<Filters>({ q: '', status: '', product: '' });
  // cursors[i] is the cursor of page i+1 (undefined for the first page).
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<Page<OverviewRow> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  // New filters start again at the first page.
  const applyFilters = (next: Filters) => {
    setFilters(next);
    setCursors([undefined]);
  };

  // Search as one types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (filters.q !== search.trim()) applyFilters({ ...filters, q: search.trim() });
    }, 250);
    return () => clearTimeout(timer);
  }, [search, filters]);

  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    apiRequest<Page<OverviewRow>>(
      `/api/v1/overview${queryString({ q: filters.q, status: filters.status, product: filters.product, limit: PAGE_SIZE, cursor })}`,
      { signal: controller.signal },
    )
      .then((p) => {
        setPage(p);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      });
    return () => controller.abort();
  }, [filters, cursor, attempt]);

  const filtered = filters.q !== '' || filters.status !== '' || filters.product !== '';
  const rows = page?.items ?? [];

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
          <select id="tenant-status" value={filters.status} onChange={(e) => applyFilters({ ...filters, status: e.target.value })}>
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
          <select id="tenant-product" value={filters.product} onChange={(e) => applyFilters({ ...filters, product: e.target.value })}>
            <option value="">{t('tenants.any')}</option>
            {PRODUCT_CODES.map((p) => (
              <option key={p} value={p}>
                {labelOf(t, 'product', p)}
              </option>
            ))}
          </select>
        </div>
      </form>

      {error !== null && <ErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {loading && !page && <Loading label={t('tenants.loading')} />}
      {page && rows.length === 0 && !loading && <p className="empty">{filtered ? t('tenants.noMatch') : t('tenants.empty')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap" aria-busy={loading}>
          <table className="tenants-table">
            <caption className="visually-hidden">{t('tenants.count', { n: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tenants.colName')}</th>
                <th scope="col">{t('tenants.colRut')}</th>
                <th scope="col">{t('tenants.colStatus')}</th>
                <th scope="col">{t('tenants.colPlan')}</th>
                <th scope="col">{t('tenants.colProducts')}</th>
                <th scope="col">{t('tenants.colCreated')}</th>
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
                  <td>{row.tenant_plan}</td>
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
        </div>
      )}
      {(cursors.length > 1 || page?.next_cursor) && (
        <nav className="pager" aria-label={t('tenants.pagination')}>
          <button type="button" className="button secondary" disabled={cursors.length <= 1 || loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
            ← {t('tenants.previous')}
          </button>
          <span aria-live="polite">{t('tenants.page', { n: cursors.length })}</span>
          <button
            type="button"
            className="button secondary"
            disabled={!page?.next_cursor || loading}
            onClick={() => page?.next_cursor && setCursors((c) => [...c, page.next_cursor ?? undefined])}
          >
            {t('tenants.next')} →
          </button>
        </nav>
      )}
    </>
  );
}
