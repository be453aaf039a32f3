import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** One small dictionary: Spanish (Chile) by default, English on request. */
const es = {
  'app.title': 'Consola SmarterOS',
  'app.skip': 'Saltar al contenido',
  'app.language': 'English',
  'app.languageLabel': 'Switch the console to English',
  'app.logout': 'Cerrar sesión',
  'nav.label': 'Secciones',
  'nav.tenants': 'Empresas',
  'nav.newTenant': 'Nueva empresa',
  'nav.chat': 'Chat',
  'nav.erp': 'ERP',
  'nav.automation': 'Automatización',
  'nav.analytics': 'Analítica',
  'nav.soon': 'próximamente',
  'login.title': 'Ingresar a SmarterOS',
  'login.email': 'Correo electrónico',
  'login.password': 'Contraseña',
  'login.submit': 'Ingresar',
  'login.submitting': 'Ingresando…',
  'login.expired': 'Su sesión expiró o ya no es válida. Ingrese de nuevo.',
  'login.invalid': 'El correo o la contraseña no son correctos. Revíselos e intente de nuevo.',
  'login.rateLimited': 'Demasiados intentos. Espere un minuto e intente de nuevo.',
  'tenants.title': 'Empresas',
  'tenants.search': 'Buscar por nombre o RUT',
  'tenants.searchPlaceholder': 'Ferretería o 76.086.428-5',
  'tenants.status': 'Estado',
  'tenants.product': 'Producto',
  'tenants.any': 'Todos',
  'tenants.colName': 'Razón social',
  'tenants.colRut': 'RUT',
  'tenants.colStatus': 'Estado',
  'tenants.colPlan': 'Plan',
  'tenants.colProducts': 'Productos',
  'tenants.colCreated': 'Creada',
  'tenants.loading': 'Cargando empresas…',
  'tenants.empty': 'Aún no hay empresas. Cree la primera con «Nueva empresa».',
  'tenants.noMatch': 'Ninguna empresa coincide con la búsqueda. Pruebe otro nombre o RUT, o quite los filtros.',
  'tenants.previous': 'Anterior',
  'tenants.next': 'Siguiente',
  'tenants.page': 'Página {n}',
  'tenants.pagination': 'Paginación',
  'tenants.count': '{n} empresas en esta página',
  'tenant.loading': 'Cargando empresa…',
  'tenant.back': 'Volver a empresas',
  'tenant.contact': 'Contacto',
  'tenant.plan': 'Plan',
  'tenant.status': 'Estado',
  'tenant.created': 'Creada',
  'tenant.products': 'Productos',
  'tenant.activate': 'Activar prueba',
  'tenant.deactivate': 'Desactivar',
  'tenant.deactivateConfirm': '¿Desactivar {product} para esta empresa?',
  'tenant.trialLeft': 'Prueba: quedan {time}',
  'tenant.trialOver': 'La prueba terminó',
  'tenant.notActive': 'No activado',
  'tenant.domains': 'Dominios',
  'tenant.noDomains': 'Sin dominios. Asígnelos con la CLI: npx smarteros domain add.',
  'tenant.verified': 'Verificado',
  'tenant.unverified': 'Sin verificar: cree el registro TXT {name} con el valor {value}',
  'tenant.integrations': 'Integraciones',
  'tenant.noIntegrations': 'Sin integraciones configuradas.',
  'tenant.events': 'Eventos',
  'tenant.noEvents': 'Sin eventos todavía.',
  'tenant.notFound': 'No encontramos esta empresa. Puede que el enlace esté mal o que ya no exista.',
  'create.title': 'Nueva empresa',
  'create.rut': 'RUT',
  'create.rutHint': 'Ejemplo: 76.086.428-5. Los puntos y el guion se ponen solos.',
  'create.name': 'Razón social',
  'create.email': 'Correo de contacto',
  'create.products': 'Productos a activar (en prueba)',
  'create.submit': 'Crear empresa',
  'create.submitting': 'Creando…',
  'create.fixErrors': 'Revise los campos marcados.',
  'create.rutTaken': 'Ya existe una empresa con este RUT. Búsquela en Empresas.',
  'rut.empty': 'Ingrese el RUT.',
  'rut.characters': 'El RUT solo admite dígitos, puntos, un guion y una K final.',
  'rut.length': 'El RUT debe tener entre 1 y 8 dígitos antes del dígito verificador.',
  'rut.check_digit': 'El dígito verificador no corresponde a este RUT. Revise el número.',
  'field.nameShort': 'Ingrese la razón social (al menos 2 caracteres).',
  'field.email': 'Ingrese un correo válido, como contacto@empresa.cl.',
  'error.network': 'No pudimos conectar con el servidor. Revise su conexión e intente de nuevo.',
  'error.generic': 'Algo salió mal ({message}). Intente de nuevo; si sigue, avise al equipo de plataforma.',
  'error.forbidden': 'Su cuenta no tiene permiso para esto. Pida acceso a un administrador de la plataforma.',
  'error.retry': 'Reintentar',
  'status.trial': 'En prueba',
  'status.active': 'Activa',
  'status.suspended': 'Suspendida',
  'status.cancelled': 'Cancelada',
  'status.inactive': 'Inactivo',
  'status.expired': 'Expirado',
  'product.chat': 'Chat',
  'product.erp': 'ERP',
  'product.automation': 'Automatización',
  'product.analytics': 'Analítica',
  'product.ai': 'IA local',
  'time.days': '{n} d',
  'time.hours': '{n} h',
  'time.minutes': '{n} min',
  'time.seconds': '{n} s',
};

export type MessageKey = keyof typeof es;

const en: Record<MessageKey, string> = {
  'app.title': 'SmarterOS Console',
  'app.skip': 'Skip to content',
  'app.language': 'Español',
  'app.languageLabel': 'Cambiar la consola a español',
  'app.logout': 'Sign out',
  'nav.label': 'Sections',
  'nav.tenants': 'Companies',
  'nav.newTenant': 'New company',
  'nav.chat': 'Chat',
  'nav.erp': 'ERP',
  'nav.automation': 'Automation',
  'nav.analytics': 'Analytics',
  'nav.soon': 'coming soon',
  'login.title': 'Sign in to SmarterOS',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.expired': 'Your session expired or is no longer valid. Please sign in again.',
  'login.invalid': 'The e-mail or password is not right. Check them and try again.',
  'login.rateLimited': 'Too many attempts. Wait a minute and try again.',
  'tenants.title': 'Companies',
  'tenants.search': 'Search by name or RUT',
  'tenants.searchPlaceholder': 'Hardware or 76.086.428-5',
  'tenants.status': 'Status',
  'tenants.product': 'Product',
  'tenants.any': 'All',
  'tenants.colName': 'Business name',
  'tenants.colRut': 'RUT',
  'tenants.colStatus': 'Status',
  'tenants.colPlan': 'Plan',
  'tenants.colProducts': 'Products',
  'tenants.colCreated': 'Created',
  'tenants.loading': 'Loading companies…',
  'tenants.empty': 'No companies yet. Create the first one with “New company”.',
  'tenants.noMatch': 'No company matches the search. Try another name or RUT, or clear the filters.',
  'tenants.previous': 'Previous',
  'tenants.next': 'Next',
  'tenants.page': 'Page {n}',
  'tenants.pagination': 'Pagination',
  'tenants.count': '{n} companies on this page',
  'tenant.loading': 'Loading company…',
  'tenant.back': 'Back to companies',
  'tenant.contact': 'Contact',
  'tenant.plan': 'Plan',
  'tenant.status': 'Status',
  'tenant.created': 'Created',
  'tenant.products': 'Products',
  'tenant.activate': 'Start trial',
  'tenant.deactivate': 'Deactivate',
  'tenant.deactivateConfirm': 'Deactivate {product} for this company?',
  'tenant.trialLeft': 'Trial: {time} left',
  'tenant.trialOver': 'The trial is over',
  'tenant.notActive': 'Not activated',
  'tenant.domains': 'Domains',
  'tenant.noDomains': 'No domains. Assign them with the CLI: npx smarteros domain add.',
  'tenant.verified': 'Verified',
  'tenant.unverified': 'Not verified: create the TXT record {name} with the value {value}',
  'tenant.integrations': 'Integrations',
  'tenant.noIntegrations': 'No integrations configured.',
  'tenant.events': 'Events',
  'tenant.noEvents': 'No events yet.',
  'tenant.notFound': 'We could not find this company. The link may be wrong or it no longer exists.',
  'create.title': 'New company',
  'create.rut': 'RUT',
  'create.rutHint': 'Example: 76.086.428-5. Dots and the hyphen are added for you.',
  'create.name': 'Business name',
  'create.email': 'Contact e-mail',
  'create.products': 'Products to activate (on trial)',
  'create.submit': 'Create company',
  'create.submitting': 'Creating…',
  'create.fixErrors': 'Check the highlighted fields.',
  'create.rutTaken': 'A company with this RUT already exists. Find it under Companies.',
  'rut.empty': 'Enter the RUT.',
  'rut.characters': 'A RUT may only contain digits, dots, a hyphen and a final K.',
  'rut.length': 'A RUT has 1 to 8 digits before the check digit.',
  'rut.check_digit': 'The check digit does not match this RUT. Check the number.',
  'field.nameShort': 'Enter the business name (at least 2 characters).',
  'field.email': 'Enter a valid e-mail, such as contact@company.cl.',
  'error.network': 'We could not reach the server. Check your connection and try again.',
  'error.generic': 'Something went wrong ({message}). Try again; if it persists, tell the platform team.',
  'error.forbidden': 'Your account may not do this. Ask a platform admin for access.',
  'error.retry': 'Retry',
  'status.trial': 'On trial',
  'status.active': 'Active',
  'status.suspended': 'Suspended',
  'status.cancelled': 'Cancelled',
  'status.inactive': 'Inactive',
  'status.expired': 'Expired',
  'product.chat': 'Chat',
  'product.erp': 'ERP',
  'product.automation': 'Automation',
  'product.analytics': 'Analytics',
  'product.ai': 'Local AI',
  'time.days': '{n} d',
  'time.hours': '{n} h',
  'time.minutes': '{n} min',
  'time.seconds': '{n} s',
};

export type Lang = 'es' | 'en';
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { es, en };
export const LOCALES: Record<Lang, string> = { es: 'es-CL', en: 'en-US' };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, vars) => dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
}

/** A key for a status or product code coming from the API; unknown values are shown as they come. */
export function labelOf(t: Translate, prefix: 'status' | 'product', value: string): string {
  const key = `${prefix}.${value}`;
  return key in es ? t(key as MessageKey) : value;
}

interface I18n {
  lang: Lang;
  locale: string;
  t: Translate;
  setLang(lang: Lang): void;
}

const I18nContext = createContext<I18n | null>(null);
const LANG_KEY = 'smarteros.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'es';
  } catch {
    return 'es';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = LOCALES[lang];
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      locale: LOCALES[lang],
      t: translator(lang),
      setLang(next) {
        setLangState(next);
        try {
          localStorage.setItem(LANG_KEY, next);
        } catch {
          // not remembered
        }
      },
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
