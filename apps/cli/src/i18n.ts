import type { RutProblem } from '@smarteros/kernel';

/**
 * Every message of the CLI, in Spanish (es-CL, the default) and English, in one dictionary. Messages that come from
 * the API are printed as the API wrote them.
 */
export type Lang = 'es' | 'en';

type Msg<A extends unknown[]> = { es: (...args: A) => string; en: (...args: A) => string };
const m = <A extends unknown[] = []>(es: (...args: A) => string, en: (...args: A) => string): Msg<A> => ({ es, en });

const RUT_PROBLEMS_ES: Record<RutProblem, string> = {
  empty: 'el RUT es obligatorio',
  characters: 'el RUT solo puede tener dígitos, puntos, un guion y una K final',
  length: 'el RUT debe tener entre 1 y 8 dígitos antes del dígito verificador',
  check_digit: 'el dígito verificador del RUT no coincide (módulo 11)',
};
const RUT_PROBLEMS_EN: Record<RutProblem, string> = {
  empty: 'RUT is required',
  characters: 'RUT may only contain digits, dots, a hyphen and a final K',
  length: 'RUT must have between 1 and 8 digits before the check digit',
  check_digit: 'RUT check digit does not match (modulo 11)',
};

const MESSAGES = {
  // program and global options
  'cli.description': m(
    () => 'SmarterOS: administra empresas (tenants), productos, dominios e integraciones desde la terminal',
    () => 'SmarterOS: manage tenants (companies), products, domains and integrations from the terminal',
  ),
  'opt.url': m(
    () => 'URL del servidor (por omisión $SMARTEROS_URL, la del último login o http://localhost:3000)',
    () => 'server URL (default $SMARTEROS_URL, the stored login URL, or http://localhost:3000)',
  ),
  'opt.token': m(
    () => 'token de acceso o clave sk_ (por omisión $SMARTEROS_TOKEN o el del último login)',
    () => 'access token or sk_ API key (default $SMARTEROS_TOKEN or the stored login)',
  ),
  'opt.json': m(() => 'salida JSON de la API (para scripts)', () => "print the API's JSON (for scripts)"),
  'opt.lang': m(() => 'idioma de los mensajes (por omisión es)', () => 'language of messages (default es)'),
  'opt.tenant': m(() => 'empresa: id (uuid) o RUT', () => 'tenant: id (uuid) or RUT'),
  'opt.version': m(() => 'muestra la versión', () => 'print the version'),
  'opt.help': m(() => 'muestra la ayuda', () => 'show help'),
  'cmd.help': m(() => 'muestra la ayuda de un comando', () => 'show help for a command'),

  // commands
  'cmd.start': m(() => 'inicia el servidor (igual que npm start)', () => 'start the server (same as npm start)'),
  'opt.port': m(() => 'puerto HTTP (por omisión $PORT o 3000)', () => 'HTTP port (default $PORT or 3000)'),
  'opt.host': m(() => 'dirección donde escuchar (por omisión $HOST o 127.0.0.1)', () => 'address to listen on (default $HOST or 127.0.0.1)'),
  'cmd.migrate': m(
    () => 'aplica las migraciones pendientes a la base de datos del entorno (DATABASE_URL o la embebida)',
    () => 'apply pending migrations to the database of the environment (DATABASE_URL or the embedded one)',
  ),
  'cmd.login': m(() => 'inicia sesión y guarda el token', () => 'sign in and store the token'),
  'opt.email': m(() => 'correo del usuario', () => 'e-mail of the user'),
  'opt.password': m(
    () => 'contraseña (si falta, se pide sin mostrarla o se lee de la entrada estándar)',
    () => 'password (when missing it is prompted for, hidden, or read from stdin)',
  ),
  'cmd.logout': m(() => 'borra la sesión guardada', () => 'forget the stored login'),
  'cmd.whoami': m(() => 'muestra a quién pertenece la credencial', () => 'show who the credential belongs to'),
  'cmd.tenant': m(() => 'empresas (tenants)', () => 'tenants (companies)'),
  'cmd.tenant.create': m(() => 'crea una empresa y activa sus productos', () => 'create a tenant and activate its products'),
  'opt.plan': m(() => 'plan: trial, demo, starter, pro, infinite...', () => 'plan: trial, demo, starter, pro, infinite...'),
  'opt.products': m(
    () => 'productos separados por coma (por omisión chat,erp,automation) o none',
    () => 'comma-separated products (default chat,erp,automation) or none',
  ),
  'cmd.tenant.list': m(() => 'lista las empresas', () => 'list tenants'),
  'cmd.overview': m(
    () => 'vista consolidada (v_tenant_overview): productos, dominios e integraciones de cada empresa',
    () => 'consolidated view (v_tenant_overview): products, domains and integrations of each tenant',
  ),
  'cmd.token': m(
    () => 'imprime el token de acceso en uso (para curl: -H "Authorization: Bearer $(npx smarteros token)")',
    () => 'print the access token in use (for curl: -H "Authorization: Bearer $(npx smarteros token)")',
  ),
  'col.domains': m(() => 'Dominios', () => 'Domains'),
  'col.integrations': m(() => 'Integraciones', () => 'Integrations'),
  'token.none': m(() => 'No hay credencial: ejecuta smarteros login', () => 'No credential: run smarteros login'),
  'opt.search': m(() => 'busca por nombre o RUT', () => 'search by name or RUT'),
  'opt.status': m(() => 'filtra por estado', () => 'filter by status'),
  'opt.product': m(() => 'empresas con este producto', () => 'tenants with this product'),
  'opt.planFilter': m(() => 'filtra por plan', () => 'filter by plan'),
  'opt.limit': m(() => 'cuántas filas por página', () => 'rows per page'),
  'opt.all': m(() => 'trae todas las páginas', () => 'fetch every page'),
  'cmd.tenant.show': m(() => 'muestra una empresa: productos, pruebas, dominios, integraciones', () => 'show a tenant: products, trials, domains, integrations'),
  'cmd.tenant.suspend': m(() => 'suspende una empresa', () => 'suspend a tenant'),
  'cmd.tenant.reactivate': m(() => 'reactiva una empresa', () => 'reactivate a tenant'),
  'cmd.tenant.cancel': m(() => 'cancela una empresa', () => 'cancel a tenant'),
  'opt.reason': m(() => 'motivo (queda en el historial)', () => 'reason (kept in the history)'),
  'cmd.product': m(() => 'productos de una empresa', () => 'products of a tenant'),
  'cmd.product.activate': m(() => 'activa un producto (prueba por omisión)', () => 'activate a product (a trial by default)'),
  'opt.subscription': m(() => 'activa como suscripción en vez de prueba', () => 'activate as a subscription instead of a trial'),
  'opt.productPlan': m(() => 'plan del producto', () => 'plan of the product'),
  'cmd.product.deactivate': m(() => 'desactiva un producto', () => 'deactivate a product'),
  'cmd.product.list': m(() => 'lista los productos de una empresa', () => 'list the products of a tenant'),
  'cmd.domain': m(() => 'dominios de una empresa', () => 'domains of a tenant'),
  'cmd.domain.create': m(() => 'asigna un subdominio bajo el dominio base', () => 'assign a subdomain under the base domain'),
  'opt.domainType': m(() => 'tipo de dominio', () => 'domain type'),
  'cmd.domain.add': m(() => 'agrega un dominio propio (se verifica con un registro TXT)', () => 'add a custom domain (verified by a TXT record)'),
  'cmd.domain.verify': m(() => 'verifica el registro TXT de un dominio propio', () => 'check the TXT record of a custom domain'),
  'cmd.domain.list': m(() => 'lista los dominios de una empresa', () => 'list the domains of a tenant'),
  'cmd.integration': m(() => 'integraciones de una empresa', () => 'integrations of a tenant'),
  'cmd.integration.set': m(() => 'crea o actualiza la integración de un tipo', () => 'create or update the integration of one type'),
  'opt.externalId': m(() => 'id en el sistema externo', () => 'id in the external system'),
  'opt.integrationStatus': m(() => 'estado de la integración', () => 'integration status'),
  'opt.ref': m(() => 'referencia externa clave=valor (repetible)', () => 'external reference key=value (repeatable)'),
  'cmd.integration.list': m(() => 'lista las integraciones de una empresa', () => 'list the integrations of a tenant'),
  'cmd.apikey': m(() => 'claves de API de una empresa', () => 'API keys of a tenant'),
  'cmd.apikey.create': m(() => 'crea una clave de API (se muestra una sola vez)', () => 'create an API key (shown once)'),
  'opt.role': m(() => 'rol de la clave', () => 'role of the key'),
  'cmd.apikey.list': m(() => 'lista las claves de API (nunca las claves mismas)', () => 'list API keys (never the keys themselves)'),
  'cmd.apikey.revoke': m(() => 'revoca una clave de API', () => 'revoke an API key'),
  'cmd.events': m(() => 'eventos de una empresa, los más nuevos primero', () => 'events of a tenant, newest first'),
  'opt.eventsLimit': m(() => 'cuántos eventos', () => 'how many events'),
  'cmd.seed': m(() => 'datos de ejemplo', () => 'sample data'),
  'cmd.seed.demo': m(
    () => 'crea (o completa) CLIENTE DEMO: plan demo de 24 horas, chat, erp, automation, subdominio demo',
    () => 'create (or complete) CLIENTE DEMO: 24-hour demo plan, chat, erp, automation, subdomain demo',
  ),

  // errors
  'err.prefix': m(() => 'error', () => 'error'),
  'err.invalidRut': m(
    (field: string, problem: RutProblem) => `${field}: ${RUT_PROBLEMS_ES[problem]}`,
    (field: string, problem: RutProblem) => `${field}: ${RUT_PROBLEMS_EN[problem]}`,
  ),
  'err.rutExample': m(() => 'ejemplo de RUT válido: 76.086.428-5', () => 'example of a valid RUT: 76.086.428-5'),
  'err.invalidTenantRef': m(
    (value: string) => `--tenant: "${value}" no es un id (uuid) ni un RUT válido`,
    (value: string) => `--tenant: "${value}" is neither an id (uuid) nor a valid RUT`,
  ),
  'err.invalidChoice': m(
    (field: string, value: string, allowed: string) => `${field}: "${value}" no es válido; usa uno de: ${allowed}`,
    (field: string, value: string, allowed: string) => `${field}: "${value}" is not valid; use one of: ${allowed}`,
  ),
  'err.repeated': m((field: string, value: string) => `${field}: "${value}" está repetido`, (field: string, value: string) => `${field}: "${value}" is repeated`),
  'err.invalidInteger': m(
    (field: string, min: number, max: number) => `${field}: debe ser un entero entre ${min} y ${max}`,
    (field: string, min: number, max: number) => `${field}: must be an integer between ${min} and ${max}`,
  ),
  'err.invalidRef': m(
    (value: string) => `--ref: "${value}" debe tener la forma clave=valor`,
    (value: string) => `--ref: "${value}" must look like key=value`,
  ),
  'err.invalidUrl': m((value: string) => `--url: "${value}" no es una URL http(s)`, (value: string) => `--url: "${value}" is not an http(s) URL`),
  'err.connectionRefused': m(
    (url: string) => `no hay un servidor SmarterOS escuchando en ${url}`,
    (url: string) => `no SmarterOS server is listening at ${url}`,
  ),
  'err.hostNotFound': m((url: string) => `no se encontró el servidor ${url}`, (url: string) => `the server ${url} was not found`),
  'err.timeout': m(
    (url: string, seconds: number) => `el servidor ${url} no respondió en ${seconds} s`,
    (url: string, seconds: number) => `the server ${url} did not answer within ${seconds} s`,
  ),
  'err.network': m((url: string, why: string) => `no se pudo hablar con ${url}: ${why}`, (url: string, why: string) => `could not talk to ${url}: ${why}`),
  'err.notJson': m(
    (url: string, status: number) => `${url} respondió ${status} sin JSON: ¿es un servidor SmarterOS?`,
    (url: string, status: number) => `${url} answered ${status} without JSON: is it a SmarterOS server?`,
  ),
  'hint.startServer': m(
    () => 'Inicia el servidor con `npm start` (o `smarteros start`), o indica otro con --url.',
    () => 'Start the server with `npm start` (or `smarteros start`), or point to another one with --url.',
  ),
  'hint.login': m(
    () => 'Ejecuta `smarteros login` (o usa --token / SMARTEROS_TOKEN).',
    () => 'Run `smarteros login` (or use --token / SMARTEROS_TOKEN).',
  ),
  'hint.loginExpired': m(
    (when: string) => `Tu sesión venció (${when}). Ejecuta \`smarteros login\` otra vez.`,
    (when: string) => `Your login expired (${when}). Run \`smarteros login\` again.`,
  ),
  'hint.trialUsed': m(
    () => 'Para activarlo de nuevo, hazlo como suscripción: agrega --subscription.',
    () => 'To activate it again, make it a subscription: add --subscription.',
  ),
  'hint.portInUse': m(
    () => 'Ese puerto ya está en uso (¿otro servidor?): elige otro con --port o PORT.',
    () => 'That port is already in use (another server?): pick another with --port or PORT.',
  ),
  'hint.migrateEmbedded': m(
    () => 'El servidor aplica las migraciones al iniciar; no hace falta correr migrate mientras está andando.',
    () => 'The server applies migrations when it starts; there is no need to run migrate while it runs.',
  ),
  'err.emailRequired': m(
    () => '--email: es obligatorio (no hay terminal para preguntarlo)',
    () => '--email: required (there is no terminal to ask for it)',
  ),
  'err.passwordRequired': m(
    () => '--password: es obligatorio (o envíalo por la entrada estándar)',
    () => '--password: required (or send it on stdin)',
  ),
  'err.cancelled': m(() => 'cancelado', () => 'cancelled'),
  'err.seedDomainElsewhere': m(
    (domain: string) => `el dominio ${domain} pertenece a otra empresa`,
    (domain: string) => `the domain ${domain} belongs to another tenant`,
  ),

  // prompts and results
  'prompt.email': m(() => 'Correo: ', () => 'E-mail: '),
  'prompt.password': m(() => 'Contraseña: ', () => 'Password: '),
  'login.done': m(
    (url: string, role: string, until: string) => `Sesión iniciada en ${url} (rol ${role}); vence ${until}.`,
    (url: string, role: string, until: string) => `Signed in to ${url} (role ${role}); expires ${until}.`,
  ),
  'login.saved': m((file: string) => `Credenciales guardadas en ${file}`, (file: string) => `Credentials stored in ${file}`),
  'login.envOverrides': m(
    () => 'Ojo: SMARTEROS_TOKEN está definido y tiene prioridad sobre esta sesión.',
    () => 'Note: SMARTEROS_TOKEN is set and takes precedence over this login.',
  ),
  'logout.done': m((file: string) => `Sesión cerrada (${file} borrado).`, (file: string) => `Signed out (${file} removed).`),
  'logout.none': m(() => 'No había una sesión guardada.', () => 'There was no stored login.'),
  'whoami.server': m(() => 'Servidor', () => 'Server'),
  'whoami.kind': m(() => 'Tipo', () => 'Kind'),
  'whoami.id': m(() => 'Id', () => 'Id'),
  'whoami.role': m(() => 'Rol', () => 'Role'),
  'whoami.tenant': m(() => 'Empresa', () => 'Tenant'),
  'whoami.credential': m(() => 'Credencial', () => 'Credential'),
  'whoami.source.flag': m(() => '--token', () => '--token'),
  'whoami.source.env': m(() => 'SMARTEROS_TOKEN', () => 'SMARTEROS_TOKEN'),
  'whoami.source.login': m((until: string) => `sesión guardada (vence ${until})`, (until: string) => `stored login (expires ${until})`),
  'migrate.database': m((what: string) => `Base de datos: ${what}`, (what: string) => `Database: ${what}`),
  'migrate.embedded': m((dir: string) => `embebida (PGlite) en ${dir}`, (dir: string) => `embedded (PGlite) in ${dir}`),
  'migrate.applied': m((n: number) => `Migraciones aplicadas (${n}):`, (n: number) => `Migrations applied (${n}):`),
  'migrate.none': m((n: number) => `Sin migraciones pendientes (${n} ya aplicadas).`, (n: number) => `No pending migrations (${n} already applied).`),
  'tenant.created': m((name: string, rut: string) => `Empresa creada: ${name} (${rut})`, (name: string, rut: string) => `Tenant created: ${name} (${rut})`),
  'tenant.statusChanged': m(
    (name: string, status: string) => `${name}: estado ${status}`,
    (name: string, status: string) => `${name}: status ${status}`,
  ),
  'tenant.none': m(() => 'No hay empresas que coincidan.', () => 'No tenants match.'),
  'tenant.more': m(
    () => 'Hay más resultados: usa --all (o --limit) para verlos.',
    () => 'There are more results: use --all (or --limit) to see them.',
  ),
  'tenant.count': m((n: number) => `${n} empresa${n === 1 ? '' : 's'}`, (n: number) => `${n} tenant${n === 1 ? '' : 's'}`),
  'col.rut': m(() => 'RUT', () => 'RUT'),
  'col.name': m(() => 'Nombre', () => 'Name'),
  'col.status': m(() => 'Estado', () => 'Status'),
  'col.plan': m(() => 'Plan', () => 'Plan'),
  'col.products': m(() => 'Productos', () => 'Products'),
  'col.created': m(() => 'Creada', () => 'Created'),
  'col.product': m(() => 'Producto', () => 'Product'),
  'col.trialEnds': m(() => 'Prueba hasta', () => 'Trial ends'),
  'col.left': m(() => 'Queda', () => 'Left'),
  'col.domain': m(() => 'Dominio', () => 'Domain'),
  'col.type': m(() => 'Tipo', () => 'Type'),
  'col.verified': m(() => 'Verificado', () => 'Verified'),
  'col.integration': m(() => 'Integración', () => 'Integration'),
  'col.externalId': m(() => 'Id externo', () => 'External id'),
  'col.updated': m(() => 'Actualizada', () => 'Updated'),
  'col.value': m(() => 'Valor', () => 'Value'),
  'col.id': m(() => 'Id', () => 'Id'),
  'col.role': m(() => 'Rol', () => 'Role'),
  'col.hint': m(() => 'Termina en', () => 'Ends with'),
  'col.lastUsed': m(() => 'Último uso', () => 'Last used'),
  'col.revoked': m(() => 'Revocada', () => 'Revoked'),
  'col.topic': m(() => 'Evento', () => 'Event'),
  'col.when': m(() => 'Cuándo', () => 'When'),
  'col.payload': m(() => 'Datos', () => 'Payload'),
  'show.email': m(() => 'Correo', () => 'E-mail'),
  'show.type': m(() => 'Tipo', () => 'Type'),
  'show.primaryDomain': m(() => 'Dominio principal', () => 'Primary domain'),
  'show.trial': m(() => 'Prueba', () => 'Trial'),
  'show.trialUntil': m((until: string, left: string) => `hasta ${until} (${left})`, (until: string, left: string) => `until ${until} (${left})`),
  'show.created': m(() => 'Creada', () => 'Created'),
  'show.products': m(() => 'Productos', () => 'Products'),
  'show.domains': m(() => 'Dominios', () => 'Domains'),
  'show.integrations': m(() => 'Integraciones', () => 'Integrations'),
  'show.none': m(() => '(ninguno)', () => '(none)'),
  'yes': m(() => 'sí', () => 'yes'),
  'no': m(() => 'no', () => 'no'),
  'time.left': m((d: string) => `quedan ${d}`, (d: string) => `${d} left`),
  'time.expired': m(() => 'vencida', () => 'expired'),
  'product.activated': m(
    (product: string, status: string) => `Producto ${product} activado (${status})`,
    (product: string, status: string) => `Product ${product} activated (${status})`,
  ),
  'product.trialUntil': m(
    (until: string, left: string) => `Prueba hasta ${until} (${left})`,
    (until: string, left: string) => `Trial until ${until} (${left})`,
  ),
  'product.deactivated': m(
    (product: string, status: string) => `Producto ${product} desactivado (${status})`,
    (product: string, status: string) => `Product ${product} deactivated (${status})`,
  ),
  'domain.assigned': m((domain: string) => `Dominio asignado: ${domain} (verificado)`, (domain: string) => `Domain assigned: ${domain} (verified)`),
  'domain.added': m((domain: string, id: string) => `Dominio agregado: ${domain} (id ${id})`, (domain: string, id: string) => `Domain added: ${domain} (id ${id})`),
  'domain.txt': m(
    () => 'Para verificarlo, crea este registro DNS y luego ejecuta `smarteros domain verify`:',
    () => 'To verify it, create this DNS record, then run `smarteros domain verify`:',
  ),
  'domain.verified': m((domain: string) => `Dominio verificado: ${domain}`, (domain: string) => `Domain verified: ${domain}`),
  'integration.set': m(
    (type: string, status: string) => `Integración ${type}: ${status}`,
    (type: string, status: string) => `Integration ${type}: ${status}`,
  ),
  'apikey.created': m((name: string, role: string) => `Clave de API creada: ${name} (rol ${role})`, (name: string, role: string) => `API key created: ${name} (role ${role})`),
  'apikey.once': m(
    () => 'Guárdala ahora: esta es la única vez que se muestra.',
    () => 'Store it now: this is the only time it is shown.',
  ),
  'apikey.revoked': m((id: string) => `Clave ${id} revocada.`, (id: string) => `Key ${id} revoked.`),
  'list.none': m(() => '(nada)', () => '(nothing)'),
  'seed.step.tenant': m(() => 'empresa CLIENTE DEMO', () => 'tenant CLIENTE DEMO'),
  'seed.step.products': m(() => 'productos chat, erp, automation', () => 'products chat, erp, automation'),
  'seed.step.domain': m((domain: string) => `subdominio ${domain}`, (domain: string) => `subdomain ${domain}`),
  'seed.step.integration': m((type: string) => `integración ${type}`, (type: string) => `integration ${type}`),
  'seed.created': m(() => 'creada', () => 'created'),
  'seed.assigned': m(() => 'asignado', () => 'assigned'),
  'seed.exists': m(() => 'ya existía', () => 'already there'),
  'seed.activated': m((list: string) => `activados: ${list}`, (list: string) => `activated: ${list}`),
  'seed.warn': m((what: string, why: string) => `no se pudo ${what}: ${why}`, (what: string, why: string) => `could not ${what}: ${why}`),
  'seed.summary': m(() => 'Demo lista:', () => 'Demo ready:'),
} as const;

export type MessageKey = keyof typeof MESSAGES;
type ArgsOf<K extends MessageKey> = Parameters<(typeof MESSAGES)[K]['es']>;

let current: Lang = 'es';

export function setLang(lang: Lang): void {
  current = lang;
}

export function getLang(): Lang {
  return current;
}

/** The message in the current language. */
export function t<K extends MessageKey>(key: K, ...args: ArgsOf<K>): string {
  const fn = MESSAGES[key][current] as (...a: unknown[]) => string;
  return fn(...args);
}

/** --lang es|en wins; then LANG=en* means English; Spanish (es-CL) otherwise. Read before commander parses. */
export function detectLang(args: readonly string[], env: Record<string, string | undefined>): Lang {
  const i = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i >= 0) {
    const arg = args[i]!;
    const value = arg.includes('=') ? arg.slice('--lang='.length) : (args[i + 1] ?? '');
    if (value === 'en' || value === 'es') return value;
  }
  return /^en/i.test(env.LANG ?? '') ? 'en' : 'es';
}
