import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { switchTenant } from './api.ts';
import { useI18n } from './i18n.tsx';
import { navigate } from './router.ts';
import { homePath } from './session.ts';
import { myTenantsQuery } from './queries.ts';
import { roleLabel } from './ui.tsx';

/** For a person in several tenants: picks the tenant the session acts in (a new session pair for that tenant). */
export function TenantSwitcher({ current }: { current: string }) {
  const { t } = useI18n();
  // A failed read leaves the switcher out: the person works in the tenant they are in.
  const tenants = useQuery(myTenantsQuery()).data ?? [];
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  /** The tenant picked; the session changes on "Cambiar", so arrowing through the list switches nothing. */
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

  return (
    <form className="switcher" onSubmit={(e) => void choose(e)}>
      <label htmlFor="tenant-switcher">{t('switcher.label')}</label>
      <select id="tenant-switcher" value={picked} disabled={busy} onChange={(e) => setPicked(e.target.value)} aria-describedby={failed ? 'tenant-switcher-error' : undefined}>
        {tenants.map((tn) => (
          <option key={tn.tenant_id} value={tn.tenant_id}>
            {tn.business_name} ({roleLabel(t, tn.role)})
          </option>
        ))}
      </select>
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
