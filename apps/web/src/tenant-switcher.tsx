import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { switchTenant } from './api.ts';
import { useI18n } from './i18n.tsx';
import { navigate } from './router.ts';
import { homePath } from './session.ts';
import type { MyTenant } from './api/models.ts';
import { myTenantsQuery } from './queries.ts';
import { roleLabel } from './ui.tsx';

/** The combobox is its own chunk, fetched only when the person has more than one tenant to pick from. */
const Combobox = lazy(() => import('./combobox.tsx').then((m) => ({ default: m.Combobox<MyTenant> })));

/**
 * For a person in several tenants: picks the tenant the session acts in (a new session pair for that tenant). The
 * tenant is found by typing part of its name; the session changes on «Cambiar», so going through the list switches
 * nothing.
 */
export function TenantSwitcher({ current }: { current: string }) {
  const { t } = useI18n();
  // A failed read leaves the switcher out: the person works in the tenant they are in.
  const tenants = useQuery(myTenantsQuery()).data ?? [];
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [picked, setPicked] = useState(current);

  if (tenants.length < 2) return null;

  async function choose(event: FormEvent) {
    event.preventDefault();
    const tenantId = picked;
    if (tenantId === current) return;
    setBusy(true);
    setFailed(false);
    try {
      // The browser's session moves: the other tabs follow it to this tenant.
      navigate(homePath(await switchTenant(tenantId)));
    } catch {
      setFailed(true);
      setBusy(false);
    }
  }

  const text = (tn: MyTenant) => `${tn.business_name} (${roleLabel(t, tn.role)})`;
  return (
    <form className="switcher" onSubmit={(e) => void choose(e)} aria-label={t('switcher.form')}>
      <Suspense fallback={<span className="switcher-loading" aria-hidden="true" />}>
        <Combobox
          id="tenant-switcher"
          label={t('switcher.label')}
          className="switcher-box"
          items={tenants}
          itemKey={(tn) => tn.tenant_id}
          itemText={text}
          selected={tenants.find((tn) => tn.tenant_id === picked) ?? null}
          onSelect={(tn) => tn && setPicked(tn.tenant_id)}
          statusText={(n) => t('switcher.matches', { n })}
          emptyText={t('switcher.none')}
          toggleLabel={t('switcher.showAll')}
          disabled={busy}
          describedBy={failed ? 'tenant-switcher-error' : undefined}
        />
      </Suspense>
      <button type="submit" className="button switcher-button" disabled={busy || picked === current}>
        {t('switcher.submit')}
      </button>
      {failed && (
        <span id="tenant-switcher-error" role="alert" className="switcher-error">
          {t('switcher.failed')}
        </span>
      )}
    </form>
  );
}
