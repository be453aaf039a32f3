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
  'cmd.events.dead': m(
    () => 'entregas muertas del outbox (agotaron sus intentos), las más nuevas primero',
    () => 'dead outbox deliveries (out of attempts), newest first',
  ),
  'cmd.events.subscribers': m(() => 'suscriptores del outbox con sus entregas pendientes y muertas', () => 'outbox subscribers with their pending and dead deliveries'),
  'cmd.events.retry': m(
    () => 'reintenta una entrega muerta (<suscriptor> <evento>) o todas las de un suscriptor (--all)',
    () => 'retry one dead delivery (<subscriber> <event>) or all of a subscriber (--all)',
  ),
  'opt.subscriber': m(() => 'solo este suscriptor', () => 'only this subscriber'),
  'opt.topic': m(() => 'solo este evento (p. ej. invitation.created)', () => 'only this event (e.g. invitation.created)'),
  'opt.tenantFilter': m(() => 'solo esta empresa: id (uuid) o RUT (administradores de la plataforma)', () => 'only this tenant: id (uuid) or RUT (platform admins)'),
  'opt.retryAll': m(() => 'todas las entregas muertas del suscriptor', () => 'every dead delivery of the subscriber'),
  'err.eventsTenant': m(() => 'falta --tenant <id|rut>: la empresa de los eventos', () => '--tenant <id|rut> is required: the tenant of the events'),
  'err.retryWhich': m(
    () => 'indica el número del evento, o --all para reintentar todas las entregas muertas del suscriptor',
    () => 'give the event number, or --all to retry every dead delivery of the subscriber',
  ),
  'outbox.noneDead': m(() => 'No hay entregas muertas.', () => 'No dead deliveries.'),
  'outbox.deadCount': m(
    (n: number) => `${n} entrega${n === 1 ? '' : 's'} muerta${n === 1 ? '' : 's'}`,
    (n: number) => `${n} dead deliver${n === 1 ? 'y' : 'ies'}`,
  ),
  'outbox.noSubscribers': m(() => 'No hay suscriptores.', () => 'No subscribers.'),
  'outbox.retried': m(
    (n: number) => (n === 0 ? 'No había entregas muertas que reintentar.' : `${n} entrega${n === 1 ? '' : 's'} en cola de nuevo.`),
    (n: number) => (n === 0 ? 'There were no dead deliveries to retry.' : `${n} deliver${n === 1 ? 'y' : 'ies'} queued again.`),
  ),
  'col.subscriber': m(() => 'Suscriptor', () => 'Subscriber'),
  'col.event': m(() => 'Evento #', () => 'Event #'),
  'col.attempts': m(() => 'Intentos', () => 'Attempts'),
  'col.lastError': m(() => 'Último error', () => 'Last error'),
  'col.tenant': m(() => 'Empresa', () => 'Tenant'),
  'col.pending': m(() => 'Pendientes', () => 'Pending'),
  'col.dead': m(() => 'Muertas', () => 'Dead'),
  'col.delivered': m(() => 'Entregadas', () => 'Delivered'),
  'col.oldestPending': m(() => 'Pendiente más antigua', () => 'Oldest pending'),
  'col.registered': m(() => 'En este servidor', () => 'On this server'),
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
  'seed.step.erp.catalog': m(() => 'catálogo de la ferretería (productos nuevos / total)', () => 'hardware store catalog (new products / total)'),
  'seed.step.erp.customers': m(() => 'clientes con RUT y giro', () => 'business customers with RUT'),
  'seed.step.erp.orders': m(() => 'pedidos del último mes', () => "last month's orders"),
  'seed.created': m(() => 'creada', () => 'created'),
  'seed.assigned': m(() => 'asignado', () => 'assigned'),
  'seed.exists': m(() => 'ya existía', () => 'already there'),
  'seed.activated': m((list: string) => `activados: ${list}`, (list: string) => `activated: ${list}`),
  'seed.warn': m((what: string, why: string) => `no se pudo ${what}: ${why}`, (what: string, why: string) => `could not ${what}: ${why}`),
  'seed.summary': m(() => 'Demo lista:', () => 'Demo ready:'),
  'seed.step.chat': m(() => 'bandeja de WhatsApp de demostración con el asistente y sus preguntas frecuentes', () => 'demo WhatsApp inbox with the assistant and its FAQ'),
  'seed.chatHint': m(
    (phone: string, secret: string) =>
      `Bandeja de demostración: phone_number_id ${phone}, app secret ${secret} (solo para probar: firme con él los webhooks que envíe con curl, como dice el README; cree su bandeja real con sus propias credenciales de Meta).`,
    (phone: string, secret: string) =>
      `Demo inbox: phone_number_id ${phone}, app secret ${secret} (for trying it only: sign the webhooks you send with curl with it, as the README says; connect your real inbox with your own Meta credentials).`,
  ),

  // API registry: providers, capabilities, the gateway and the vault
  'opt.tenantSel': m(
    () => 'empresa: id (uuid) o RUT (obligatorio para administradores de plataforma; con una credencial de empresa, la suya)',
    () => "tenant: id (uuid) or RUT (required for platform admins; with a tenant credential, that credential's tenant)",
  ),
  'cmd.provider': m(() => 'proveedores de API de una empresa (sus propias APIs)', () => "a tenant's API providers (its own APIs)"),
  'cmd.provider.register': m(
    () => 'registra un proveedor de API: su credencial (cifrada, nunca se muestra), su OpenAPI y las operaciones a publicar como capacidades',
    () => 'register an API provider: its credential (encrypted, never shown), its OpenAPI document and the operations to publish as capabilities',
  ),
  'arg.providerName': m(() => 'nombre del proveedor', () => 'name of the provider'),
  'arg.baseUrl': m(() => 'URL base de la API (http:// o https://)', () => 'base URL of the API (http:// or https://)'),
  'arg.provider': m(() => 'proveedor: id (uuid) o nombre', () => 'provider: id (uuid) or name'),
  'opt.category': m(() => 'categoría', () => 'category'),
  'opt.auth': m(() => 'tipo de autenticación', () => 'authentication type'),
  'opt.headerName': m(() => 'api_key: encabezado que lleva la clave (por omisión X-API-Key)', () => 'api_key: header that carries the key (default X-API-Key)'),
  'opt.queryName': m(() => 'api_key: enviarla como este parámetro de la URL en vez de un encabezado', () => 'api_key: send it as this query parameter instead of a header'),
  'opt.username': m(() => 'basic: nombre de usuario', () => 'basic: user name'),
  'opt.clientId': m(() => 'oauth2: client id (client credentials)', () => 'oauth2: client id (client credentials)'),
  'opt.tokenUrl': m(() => 'oauth2: URL del endpoint de tokens', () => 'oauth2: token endpoint URL'),
  'opt.scopes': m(() => 'oauth2: scopes separados por coma', () => 'oauth2: comma-separated scopes'),
  'opt.secretStdin': m(
    () => 'lee el secreto (clave, token, contraseña o client secret) de la entrada estándar',
    () => 'read the secret (key, token, password or client secret) from stdin',
  ),
  'opt.secretEnv': m(
    () => 'lee el secreto de esta variable de entorno (nunca lo pases como argumento: queda en el historial y en ps)',
    () => 'read the secret from this environment variable (never pass it as an argument: it lands in shell history and ps)',
  ),
  'opt.openapi': m(() => 'documento OpenAPI 3.0/3.1 (archivo .yaml o .json)', () => 'OpenAPI 3.0/3.1 document (a .yaml or .json file)'),
  'opt.openapiUrl': m(() => 'URL de la que el servidor descarga el documento OpenAPI', () => 'URL the server fetches the OpenAPI document from'),
  'opt.expose': m(
    () => 'publica una operación como capacidad: operationId=nombre.capacidad (repetible)',
    () => 'publish an operation as a capability: operationId=capability.name (repeatable)',
  ),
  'opt.description': m(() => 'descripción', () => 'description'),
  'help.secret': m(
    () =>
      '\nEl secreto nunca se acepta como argumento (quedaría en el historial de la shell y en ps): se pide sin mostrarlo,\n' +
      'o se lee con --secret-stdin (p. ej. `pass show erp | smarteros provider register ... --secret-stdin`) o de --secret-env NOMBRE.\n' +
      'La API solo muestra su huella (fingerprint) y sus últimos 4 caracteres.',
    () =>
      '\nThe secret is never taken as an argument (it would land in shell history and ps): it is asked for, hidden,\n' +
      'or read with --secret-stdin (e.g. `pass show erp | smarteros provider register ... --secret-stdin`) or from --secret-env NAME.\n' +
      'The API shows only its fingerprint and its last 4 characters.',
  ),
  'cmd.provider.list': m(() => 'lista los proveedores de API', () => 'list API providers'),
  'cmd.provider.show': m(() => 'muestra un proveedor', () => 'show a provider'),
  'cmd.provider.delete': m(
    () => 'borra un proveedor con su credencial, endpoints y capacidades',
    () => 'delete a provider with its credential, endpoints and capabilities',
  ),
  'cmd.provider.credential': m(() => 'fija o reemplaza la credencial de un proveedor', () => "set or replace a provider's credential"),
  'cmd.provider.import': m(
    () => 'importa (o reimporta) el documento OpenAPI: los endpoints se comparan por método y ruta, nada se duplica',
    () => 'import (or re-import) the OpenAPI document: endpoints are matched by method and path, nothing is duplicated',
  ),
  'arg.openapiSource': m(
    () => 'archivo OpenAPI (.yaml o .json) o su URL http(s):// (el servidor la descarga)',
    () => 'OpenAPI file (.yaml or .json) or its http(s):// URL (the server fetches it)',
  ),
  'opt.importUrl': m(() => 'URL del documento OpenAPI (en vez de un archivo)', () => 'URL of the OpenAPI document (instead of a file)'),
  'hint.importUrl': m(
    () => '--url es la dirección del servidor SmarterOS; la del documento va como argumento o con --openapi-url.',
    () => "--url is the SmarterOS server's address; the document's goes as the argument or with --openapi-url.",
  ),
  'cmd.provider.endpoints': m(() => 'lista los endpoints de un proveedor', () => "list a provider's endpoints"),
  'cmd.capability': m(
    () => 'capacidades: endpoints publicados para personas, automatizaciones y modelos de IA',
    () => 'capabilities: endpoints published for people, automations and AI models',
  ),
  'arg.capability': m(() => 'nombre de la capacidad, p. ej. pedidos.buscar', () => 'capability name, e.g. orders.search'),
  'cmd.capability.list': m(() => 'lista las capacidades', () => 'list capabilities'),
  'cmd.capability.show': m(() => 'muestra una capacidad con su esquema de entrada', () => 'show a capability with its input schema'),
  'cmd.capability.enable': m(() => 'habilita una capacidad', () => 'enable a capability'),
  'cmd.capability.disable': m(() => 'deshabilita una capacidad', () => 'disable a capability'),
  'cmd.capability.delete': m(() => 'borra una capacidad', () => 'delete a capability'),
  'cmd.capability.create': m(() => 'publica un endpoint como capacidad', () => 'publish an endpoint as a capability'),
  'opt.endpoint': m(() => 'id (uuid) del endpoint (ver `smarteros provider endpoints`)', () => 'endpoint id (uuid) (see `smarteros provider endpoints`)'),
  'opt.kind': m(() => 'lectura o escritura (por omisión según el método HTTP)', () => 'read or write (default from the HTTP method)'),
  'opt.confirm': m(
    () => 'pide confirmación antes de cada llamada (por omisión en las de escritura)',
    () => 'ask for confirmation before each call (default for write capabilities)',
  ),
  'opt.noConfirm': m(() => 'no pide confirmación', () => 'do not ask for confirmation'),
  'opt.rate': m(() => 'llamadas por minuto como máximo', () => 'calls per minute at most'),
  'cmd.capability.invoke': m(
    () => 'llama una capacidad a través del gateway (la credencial la pone el servidor)',
    () => 'call a capability through the gateway (the server injects the credential)',
  ),
  'opt.input': m(() => "entrada JSON, p. ej. '{\"id\": 42}'", () => "JSON input, e.g. '{\"id\": 42}'"),
  'opt.inputFile': m(() => 'archivo con la entrada JSON (- para la entrada estándar)', () => 'file with the JSON input (- for stdin)'),
  'cmd.gateway': m(() => 'gateway: registro de llamadas y resumen', () => 'gateway: request log and summary'),
  'cmd.gateway.log': m(
    () => 'registro de llamadas, las más nuevas primero (nunca secretos ni cuerpos)',
    () => 'request log, newest first (never secrets or bodies)',
  ),
  'opt.capabilityFilter': m(() => 'solo esta capacidad', () => 'only this capability'),
  'opt.errors': m(() => 'solo las llamadas con error', () => 'only failed calls'),
  'opt.logLimit': m(() => 'cuántas filas por página (1-200)', () => 'rows per page (1-200)'),
  'cmd.gateway.summary': m(
    () => 'llamadas, errores y latencia por capacidad (últimas 24 horas)',
    () => 'calls, errors and latency per capability (last 24 hours)',
  ),
  'cmd.ai': m(() => 'asistente: la base de conocimiento con que responde a los clientes', () => 'assistant: the knowledge it answers customers from'),
  'cmd.ai.knowledge': m(() => 'preguntas y respuestas del asistente', () => "the assistant's questions and answers"),
  'cmd.ai.knowledge.add': m(
    () => 'agrega una pregunta y su respuesta (el asistente responde con ella tal como está escrita)',
    () => 'add a question and its answer (the assistant answers with it as written)',
  ),
  'cmd.ai.knowledge.list': m(() => 'las preguntas y respuestas de la empresa, las más nuevas primero', () => "the tenant's questions and answers, newest first"),
  'opt.question': m(() => 'la pregunta, como la hacen los clientes', () => 'the question, as customers ask it'),
  'opt.answer': m(() => 'la respuesta que recibirá el cliente', () => 'the answer the customer will get'),
  'opt.tag': m(() => 'etiqueta para el equipo (repetible, o separadas por coma)', () => 'label for the team (repeatable, or comma-separated)'),
  'opt.tagFilter': m(() => 'solo las que tienen esta etiqueta', () => 'only those with this label'),
  'opt.disabled': m(() => 'la guarda deshabilitada (el asistente no la usa)', () => 'store it disabled (the assistant does not use it)'),
  'err.required': m((field: string) => `${field}: es obligatorio`, (field: string) => `${field}: is required`),
  'ai.added': m((id: string) => `Respuesta agregada (${id}).`, (id: string) => `Answer added (${id}).`),
  'ai.none': m(() => 'La base de conocimiento está vacía: agregue una con smarteros ai knowledge add', () => 'The knowledge is empty: add an entry with smarteros ai knowledge add'),
  'cmd.chat': m(() => 'chat: las bandejas (WhatsApp, Telegram, web, API) y las conversaciones de la empresa', () => "chat: the tenant's inboxes (WhatsApp, Telegram, web, API) and conversations"),
  'cmd.chat.inbox': m(() => 'bandejas: los canales por los que la empresa atiende', () => 'inboxes: the channels the tenant answers on'),
  'cmd.chat.inbox.create': m(
    () => 'conecta un canal (sus secretos se guardan cifrados y nunca se muestran)',
    () => 'connect a channel (its secrets are stored encrypted and never shown)',
  ),
  'cmd.chat.inbox.list': m(() => 'las bandejas de la empresa (sin secretos: solo sus últimos 4 caracteres)', () => "the tenant's inboxes (no secrets: only their last 4 characters)"),
  'cmd.chat.conversations': m(() => 'las conversaciones, las con actividad más reciente primero', () => 'conversations, most recent activity first'),
  'opt.channel': m((list: string) => `canal: ${list}`, (list: string) => `channel: ${list}`),
  'opt.inboxName': m(() => 'nombre de la bandeja, como lo verá el equipo', () => 'the inbox name, as the team will see it'),
  'opt.phoneNumberId': m(() => 'WhatsApp: el id del número (phone_number_id) que muestra Meta', () => 'WhatsApp: the phone number id Meta shows'),
  'opt.wabaId': m(() => 'WhatsApp: el id de la cuenta WhatsApp Business (para las plantillas)', () => 'WhatsApp: the WhatsApp Business Account id (for templates)'),
  'opt.displayPhone': m(() => 'WhatsApp: el número como se muestra (+56 9 ...)', () => 'WhatsApp: the number as shown (+56 9 ...)'),
  'opt.secretsFile': m(
    () => 'archivo JSON con los secretos del canal (- para leerlo de la entrada estándar); sin él, se piden sin mostrarlos',
    () => "JSON file with the channel's secrets (- to read it from stdin); without it they are asked for without echo",
  ),
  'help.inboxSecrets': m(
    () => '\nSecretos: WhatsApp {"access_token","app_secret","verify_token"}; Telegram {"bot_token"}; web {"identity_secret"} y API {"signing_secret"} opcionales (si no, se generan y se muestran una vez). Nunca como argumento.\nEjemplo: smarteros chat inbox create --channel telegram --name Tienda --secrets-file - < bot.json',
    () => '\nSecrets: WhatsApp {"access_token","app_secret","verify_token"}; Telegram {"bot_token"}; web {"identity_secret"} and API {"signing_secret"} optional (generated and shown once otherwise). Never as an argument.\nExample: smarteros chat inbox create --channel telegram --name Shop --secrets-file - < bot.json',
  ),
  'opt.conversationStatus': m(() => 'solo este estado: open, pending, resolved, snoozed', () => 'only this status: open, pending, resolved, snoozed'),
  'opt.inboxFilter': m(() => 'solo esta bandeja (id)', () => 'only this inbox (id)'),
  'opt.cursor': m(() => 'la página siguiente (el cursor que mostró la anterior)', () => 'the next page (the cursor the previous one showed)'),
  'opt.allowedOrigin': m(() => 'web: un sitio que puede mostrar el widget (https://www.tienda.cl; repetible)', () => 'web: a site that may show the widget (https://www.shop.cl; repeatable)'),
  'opt.webhookUrl': m(() => 'API: la URL donde se envían las respuestas, firmadas', () => 'API: the URL replies are POSTed to, signed'),
  'chat.apiWebhook': m((url: string) => `Su sistema envía los mensajes a: ${url} (firmados con X-SmarterOS-Signature).`, (url: string) => `Your system posts messages to: ${url} (signed with X-SmarterOS-Signature).`),
  'chat.generatedSecret': m(
    (name: string, value: string) => `${name}: ${value}  (guárdelo ahora: no se volverá a mostrar)`,
    (name: string, value: string) => `${name}: ${value}  (keep it now: it will not be shown again)`,
  ),
  'prompt.inboxSecret': m((name: string) => `${name} (no se muestra): `, (name: string) => `${name} (not shown): `),
  'err.inboxSecretsRequired': m(
    (names: string) => `--secrets-file: es obligatorio sin terminal (un JSON con ${names})`,
    (names: string) => `--secrets-file: is required without a terminal (a JSON with ${names})`,
  ),
  'err.inboxSecretUnknown': m(
    (key: string, channel: string, names: string) => `--secrets-file: "${key}" no es un secreto de ${channel} (son: ${names})`,
    (key: string, channel: string, names: string) => `--secrets-file: "${key}" is not a ${channel} secret (they are: ${names})`,
  ),
  'err.badChannel': m((v: string, list: string) => `--channel: "${v}" no es un canal (${list})`, (v: string, list: string) => `--channel: "${v}" is not a channel (${list})`),
  'err.optionNotForChannel': m((flag: string, channel: string) => `${flag}: no corresponde al canal ${channel}`, (flag: string, channel: string) => `${flag}: does not apply to the ${channel} channel`),
  'err.badStatus': m((v: string, list: string) => `--status: "${v}" no es un estado (${list})`, (v: string, list: string) => `--status: "${v}" is not a status (${list})`),
  'err.notUuid': m((field: string) => `${field}: debe ser un id (uuid)`, (field: string) => `${field}: must be an id (uuid)`),
  'col.channel': m(() => 'Canal', () => 'Channel'),
  'col.channelId': m(() => 'Id en el canal', () => 'Channel id'),
  'col.assistant': m(() => 'Asistente', () => 'Assistant'),
  'col.secrets': m(() => 'Secretos', () => 'Secrets'),
  'col.contact': m(() => 'Contacto', () => 'Contact'),
  'col.handledBy': m(() => 'Atiende', () => 'Handled by'),
  'col.unread': m(() => 'Sin leer', () => 'Unread'),
  'col.lastMessage': m(() => 'Último mensaje', () => 'Last message'),
  'chat.status.open': m(() => 'Abierta', () => 'Open'),
  'chat.status.pending': m(() => 'Pendiente', () => 'Pending'),
  'chat.status.resolved': m(() => 'Resuelta', () => 'Resolved'),
  'chat.status.snoozed': m(() => 'Pospuesta', () => 'Snoozed'),
  'chat.by.bot': m(() => 'Asistente', () => 'Assistant'),
  'chat.by.human': m(() => 'Persona', () => 'Person'),
  'chat.inboxCreated': m((name: string, id: string) => `Bandeja «${name}» conectada (${id}).`, (name: string, id: string) => `Inbox "${name}" connected (${id}).`),
  'chat.whatsappWebhook': m(
    (url: string) => `Configure en Meta la URL del webhook: ${url} (con el mismo verify_token).`,
    (url: string) => `Set this webhook URL in Meta: ${url} (with the same verify_token).`,
  ),
  'chat.noInboxes': m(() => 'La empresa no tiene bandejas: conecte una con smarteros chat inbox create', () => 'The tenant has no inboxes: connect one with smarteros chat inbox create'),
  'chat.noConversations': m(() => 'No hay conversaciones con esos filtros.', () => 'No conversations match.'),
  'chat.more': m((c: string) => `Hay más: --cursor ${c}`, (c: string) => `More: --cursor ${c}`),
  'cmd.erp': m(() => 'erp: productos, stock y pedidos de la empresa', () => "erp: the tenant's products, stock and orders"),
  'cmd.erp.product': m(() => 'productos del catálogo', () => 'catalog products'),
  'cmd.erp.product.import': m(
    () => 'importa un CSV de productos (sku, nombre, precio, ...; separado por , o ;): crea los nuevos y actualiza los que ya existen por SKU; un archivo con filas malas no escribe nada',
    () => 'import a products CSV (sku, name, price, ...; , or ; separated): creates new ones and updates existing ones by SKU; a file with bad rows writes nothing',
  ),
  'cmd.erp.stock': m(() => 'stock por producto: en bodega, reservado y disponible', () => 'stock per product: on hand, reserved and available'),
  'cmd.erp.order': m(() => 'pedidos', () => 'orders'),
  'cmd.erp.order.list': m(() => 'los pedidos, los más recientes primero', () => 'orders, newest first'),
  'cmd.erp.order.show': m(() => 'un pedido por su número o id, con sus líneas, montos y pagos', () => 'one order by its number or id, with its lines, amounts and payments'),
  'opt.batch': m(() => 'filas por lote (1-1000, por omisión 500)', () => 'rows per batch (1-1000, default 500)'),
  'opt.sku': m(() => 'un producto por su SKU', () => 'one product by its SKU'),
  'opt.low': m(() => 'solo los productos bajo su stock mínimo', () => 'only products below their low-stock threshold'),
  'opt.orderStatus': m(() => 'filtra por estado (draft, confirmed, paid, completed, cancelled)', () => 'filter by status (draft, confirmed, paid, completed, cancelled)'),
  'err.csvRows': m(
    (n: number) => `El archivo tiene ${n === 1 ? '1 problema' : `${n} problemas`}; no se importó nada:`,
    (n: number) => `The file has ${n === 1 ? '1 problem' : `${n} problems`}; nothing was imported:`,
  ),
  'err.csvLine': m((line: number, column: string, message: string) => `  línea ${line}${column ? `, columna ${column}` : ''}: ${message}`, (line: number, column: string, message: string) => `  line ${line}${column ? `, column ${column}` : ''}: ${message}`),
  'erp.importing': m((done: number, total: number) => `productos ${done} de ${total}`, (done: number, total: number) => `products ${done} of ${total}`),
  'erp.batchDone': m((created: number, updated: number) => `${created} nuevos, ${updated} actualizados`, (created: number, updated: number) => `${created} new, ${updated} updated`),
  'erp.imported': m(
    (created: number, updated: number, stock: number) => `Importación lista: ${created} productos nuevos, ${updated} actualizados, stock ajustado en ${stock}.`,
    (created: number, updated: number, stock: number) => `Import done: ${created} new products, ${updated} updated, stock adjusted for ${stock}.`,
  ),
  'erp.importStopped': m(
    (done: number, total: number) => `La importación se detuvo tras ${done} de ${total} filas; lo importado queda. Ejecútela de nuevo para terminar (actualiza por SKU, no duplica).`,
    (done: number, total: number) => `The import stopped after ${done} of ${total} rows; what was imported stays. Run it again to finish (it updates by SKU, never duplicates).`,
  ),
  'erp.noProducts': m(() => 'No hay productos con esos filtros.', () => 'No products match.'),
  'erp.noOrders': m(() => 'No hay pedidos con esos filtros.', () => 'No orders match.'),
  'erp.orderNotFound': m((ref: string) => `No hay un pedido ${ref}`, (ref: string) => `There is no order ${ref}`),
  'erp.status.draft': m(() => 'Borrador', () => 'Draft'),
  'erp.status.confirmed': m(() => 'Confirmado', () => 'Confirmed'),
  'erp.status.paid': m(() => 'Pagado', () => 'Paid'),
  'erp.status.completed': m(() => 'Completado', () => 'Completed'),
  'erp.status.cancelled': m(() => 'Anulado', () => 'Cancelled'),
  'erp.totals': m(
    (net: string, exempt: string, tax: string, total: string, paid: string) => `Neto ${net} · Exento ${exempt} · IVA ${tax} · Total ${total} · Pagado ${paid}`,
    (net: string, exempt: string, tax: string, total: string, paid: string) => `Net ${net} · Exempt ${exempt} · VAT ${tax} · Total ${total} · Paid ${paid}`,
  ),
  'col.sku': m(() => 'SKU', () => 'SKU'),
  'col.onHand': m(() => 'En bodega', () => 'On hand'),
  'col.reserved': m(() => 'Reservado', () => 'Reserved'),
  'col.available': m(() => 'Disponible', () => 'Available'),
  'col.low': m(() => 'Bajo mínimo', () => 'Low'),
  'col.number': m(() => 'N°', () => 'No.'),
  'col.date': m(() => 'Fecha', () => 'Date'),
  'col.customer': m(() => 'Cliente', () => 'Customer'),
  'col.total': m(() => 'Total', () => 'Total'),
  'col.quantity': m(() => 'Cantidad', () => 'Quantity'),
  'col.unitPrice': m(() => 'Precio unitario', () => 'Unit price'),
  'col.discount': m(() => 'Descuento', () => 'Discount'),
  'col.lineTotal': m(() => 'Total línea', () => 'Line total'),
  'col.paymentMethod': m(() => 'Medio de pago', () => 'Payment method'),
  'col.amount': m(() => 'Monto', () => 'Amount'),
  'cmd.vault': m(() => 'bóveda de credenciales: llaves maestras (administradores de plataforma)', () => 'credential vault: master keys (platform admins)'),
  'cmd.vault.status': m(
    () => 'llaves maestras y cuántas llaves de datos envuelve cada una',
    () => 'master keys and how many data keys each one wraps',
  ),
  'cmd.vault.rotate': m(
    () => 'reenvuelve las llaves de datos con la llave maestra actual, por lotes, hasta terminar',
    () => 're-wrap the data keys with the current master key, in batches, until done',
  ),
  'opt.batchSize': m(() => 'llaves de datos por lote (1-10000, por omisión 500)', () => 'data keys per batch (1-10000, default 500)'),
  'cmd.vault.keygen': m(
    () => 'genera una llave maestra nueva en el formato de SMARTEROS_MASTER_KEY (local, sin servidor)',
    () => 'generate a new master key in the SMARTEROS_MASTER_KEY format (local, no server)',
  ),
  'help.keygen': m(
    () =>
      '\nPara rotar la llave maestra:\n' +
      '  1. smarteros vault keygen                        (imprime id:base64)\n' +
      '  2. pon la llave nueva PRIMERA en SMARTEROS_MASTER_KEY y deja la anterior después de ella:\n' +
      '       SMARTEROS_MASTER_KEY=<nueva>,<anterior>\n' +
      '  3. reinicia todos los servidores (siguen abriendo todo: conocen ambas llaves)\n' +
      '  4. smarteros vault rotate                        (reenvuelve las llaves de datos hasta que no quede ninguna)\n' +
      '  5. smarteros vault status                        (la anterior ya no envuelve ninguna) y entonces quita la\n' +
      '     llave anterior de SMARTEROS_MASTER_KEY y reinicia otra vez.\n' +
      'Guarda la llave en tu gestor de secretos: sin ella no se pueden abrir las credenciales.',
    () =>
      '\nTo rotate the master key:\n' +
      '  1. smarteros vault keygen                        (prints id:base64)\n' +
      '  2. put the new key FIRST in SMARTEROS_MASTER_KEY and keep the old one after it:\n' +
      '       SMARTEROS_MASTER_KEY=<new>,<old>\n' +
      '  3. restart every server (they still open everything: they know both keys)\n' +
      '  4. smarteros vault rotate                        (re-wraps data keys until none is left)\n' +
      '  5. smarteros vault status                        (the old key wraps none) and then remove the old key from\n' +
      '     SMARTEROS_MASTER_KEY and restart again.\n' +
      'Keep the key in your secret manager: without it the credentials cannot be opened.',
  ),
  'keygen.note': m(
    () => 'Ponla primera en SMARTEROS_MASTER_KEY (la anterior después), reinicia y ejecuta `smarteros vault rotate`. Ver `smarteros vault keygen --help`.',
    () => 'Put it first in SMARTEROS_MASTER_KEY (the old one after it), restart, and run `smarteros vault rotate`. See `smarteros vault keygen --help`.',
  ),

  'err.badUrl': m(
    (field: string, value: string) => `${field}: "${value}" no es una URL http:// o https:// (sin usuario:contraseña)`,
    (field: string, value: string) => `${field}: "${value}" is not an http:// or https:// URL (without user:password)`,
  ),
  'err.badCapability': m(
    (field: string, value: string) => `${field}: "${value}" no es un nombre de capacidad: palabras en minúscula separadas por puntos, como pedidos.buscar (máx. 64)`,
    (field: string, value: string) => `${field}: "${value}" is not a capability name: lower-case words separated by dots, such as orders.search (max 64)`,
  ),
  'err.badLength': m(
    (field: string, max: number) => `${field}: debe tener entre 1 y ${max} caracteres`,
    (field: string, max: number) => `${field}: must have between 1 and ${max} characters`,
  ),
  'err.badExpose': m(
    (value: string) => `--expose: "${value}" debe tener la forma operationId=nombre.capacidad`,
    (value: string) => `--expose: "${value}" must look like operationId=capability.name`,
  ),
  'err.badUuid': m((field: string, value: string) => `${field}: "${value}" no es un id (uuid)`, (field: string, value: string) => `${field}: "${value}" is not an id (uuid)`),
  'err.badJson': m(
    (field: string, why: string) => `${field}: no es un JSON válido (${why})`,
    (field: string, why: string) => `${field}: not valid JSON (${why})`,
  ),
  'err.notObject': m((field: string) => `${field}: debe ser un objeto JSON ({...})`, (field: string) => `${field}: must be a JSON object ({...})`),
  'err.fileUnreadable': m(
    (field: string, file: string, why: string) => `${field}: no se pudo leer ${file} (${why})`,
    (field: string, file: string, why: string) => `${field}: cannot read ${file} (${why})`,
  ),
  'err.fileEmpty': m((field: string, file: string) => `${field}: ${file} está vacío`, (field: string, file: string) => `${field}: ${file} is empty`),
  'err.fileTooLarge': m(
    (field: string, file: string, mb: number) => `${field}: ${file} pesa más de ${mb} MB`,
    (field: string, file: string, mb: number) => `${field}: ${file} is larger than ${mb} MB`,
  ),
  'err.oneOf': m((a: string, b: string) => `${a}: usa ${a} o ${b}, no ambos`, (a: string, b: string) => `${a}: give ${a} or ${b}, not both`),
  'err.oneRequired': m((a: string, b: string) => `${a}: falta ${a} o ${b}`, (a: string, b: string) => `${a}: give ${a} or ${b}`),
  'err.optionNotForAuth': m(
    (option: string, auth: string) => `${option}: no corresponde a la autenticación ${auth}`,
    (option: string, auth: string) => `${option}: does not apply to auth ${auth}`,
  ),
  'err.optionRequiredForAuth': m(
    (option: string, auth: string) => `${option}: es obligatorio con la autenticación ${auth}`,
    (option: string, auth: string) => `${option}: required with auth ${auth}`,
  ),
  'err.authForCredential': m(
    (option: string) => `--auth: indica el tipo de autenticación (api_key, bearer, basic u oauth2) para usar ${option}`,
    (option: string) => `--auth: give the authentication type (api_key, bearer, basic or oauth2) to use ${option}`,
  ),
  'err.noSecretForNone': m(
    () => 'la autenticación none no lleva credencial: cambia --auth del proveedor primero',
    () => 'auth none takes no credential: change the provider --auth first',
  ),
  'err.secretRequired': m(
    () => '--secret-stdin: falta el secreto (no hay terminal para pedirlo): usa --secret-stdin o --secret-env NOMBRE',
    () => '--secret-stdin: the secret is missing (there is no terminal to ask for it): use --secret-stdin or --secret-env NAME',
  ),
  'err.secretEmpty': m((source: string) => `${source}: el secreto está vacío`, (source: string) => `${source}: the secret is empty`),
  'err.secretEnvUnset': m(
    (name: string) => `--secret-env: la variable ${name} no está definida o está vacía`,
    (name: string) => `--secret-env: the variable ${name} is not set or is empty`,
  ),
  'err.badEnvName': m((name: string) => `--secret-env: "${name}" no es un nombre de variable`, (name: string) => `--secret-env: "${name}" is not a variable name`),
  'err.secretTooLong': m(() => 'el secreto tiene más de 4096 caracteres', () => 'the secret is longer than 4096 characters'),
  'err.stdinTwice': m(
    () => '--input-file -: la entrada estándar ya se usa para el secreto',
    () => '--input-file -: stdin is already used for the secret',
  ),
  'err.tenantRequired': m(
    () => '--tenant: es obligatorio para administradores de plataforma (id o RUT de la empresa)',
    () => '--tenant: required for platform admins (the tenant id or RUT)',
  ),
  'err.providerNotFound': m((ref: string) => `no hay un proveedor "${ref}"`, (ref: string) => `there is no provider "${ref}"`),
  'err.providerAmbiguous': m(
    (ref: string) => `hay varios proveedores llamados "${ref}": usa su id`,
    (ref: string) => `several providers are named "${ref}": use its id`,
  ),
  'err.rotateStuck': m(
    (remaining: number) => `la rotación no avanza: quedan ${remaining} llaves de datos que otra rotación tiene tomadas; intenta de nuevo`,
    (remaining: number) => `the rotation makes no progress: ${remaining} data keys are held by another rotation; try again`,
  ),
  'hint.upstream': m((status: string) => `respuesta del proveedor: HTTP ${status}`, (status: string) => `provider answered: HTTP ${status}`),

  'prompt.secret': m((auth: string) => `Secreto (${auth}): `, (auth: string) => `Secret (${auth}): `),
  'provider.registered': m((name: string, id: string) => `Proveedor registrado: ${name} (id ${id})`, (name: string, id: string) => `Provider registered: ${name} (id ${id})`),
  'provider.deleted': m((name: string) => `Proveedor ${name} borrado.`, (name: string) => `Provider ${name} deleted.`),
  'provider.credentialSet': m(
    (name: string, what: string) => `Credencial de ${name} guardada: ${what}`,
    (name: string, what: string) => `Credential of ${name} stored: ${what}`,
  ),
  'provider.imported': m(
    (title: string, version: string, created: number, updated: number, unchanged: number, removed: number) =>
      `OpenAPI ${title} ${version}: ${created} creados, ${updated} actualizados, ${unchanged} sin cambios, ${removed} quitados (deshabilitados)`,
    (title: string, version: string, created: number, updated: number, unchanged: number, removed: number) =>
      `OpenAPI ${title} ${version}: ${created} created, ${updated} updated, ${unchanged} unchanged, ${removed} removed (disabled)`,
  ),
  'provider.count': m((n: number) => `${n} proveedor${n === 1 ? '' : 'es'}`, (n: number) => `${n} provider${n === 1 ? '' : 's'}`),
  'provider.none': m(() => 'No hay proveedores de API.', () => 'No API providers.'),
  'show.baseUrl': m(() => 'URL base', () => 'Base URL'),
  'show.category': m(() => 'Categoría', () => 'Category'),
  'show.auth': m(() => 'Autenticación', () => 'Authentication'),
  'show.credential': m(() => 'Credencial', () => 'Credential'),
  'show.credentialNone': m(() => '(sin credencial)', () => '(no credential)'),
  'show.fingerprint': m(
    (fp: string, last4: string) => `huella ${fp}${last4 ? `, termina en …${last4}` : ''}`,
    (fp: string, last4: string) => `fingerprint ${fp}${last4 ? `, ends with …${last4}` : ''}`,
  ),
  'show.openapi': m(() => 'OpenAPI', () => 'OpenAPI'),
  'show.endpoints': m(() => 'Endpoints', () => 'Endpoints'),
  'show.capabilities': m(() => 'Capacidades', () => 'Capabilities'),
  'show.enabled': m(() => 'Habilitado', () => 'Enabled'),
  'show.description': m(() => 'Descripción', () => 'Description'),
  'show.kind': m(() => 'Tipo', () => 'Kind'),
  'show.confirm': m(() => 'Pide confirmación', () => 'Asks for confirmation'),
  'show.rate': m(() => 'Límite por minuto', () => 'Limit per minute'),
  'show.provider': m(() => 'Proveedor', () => 'Provider'),
  'show.endpoint': m(() => 'Endpoint', () => 'Endpoint'),
  'show.schemaIn': m(() => 'Entrada (JSON Schema)', () => 'Input (JSON Schema)'),
  'show.updated': m(() => 'Actualizado', () => 'Updated'),
  'show.registered': m(() => 'Registrado', () => 'Created'),
  'capability.created': m((name: string) => `Capacidad creada: ${name}`, (name: string) => `Capability created: ${name}`),
  'capability.enabled': m((name: string) => `Capacidad ${name} habilitada.`, (name: string) => `Capability ${name} enabled.`),
  'capability.disabled': m((name: string) => `Capacidad ${name} deshabilitada.`, (name: string) => `Capability ${name} disabled.`),
  'capability.deleted': m((name: string) => `Capacidad ${name} borrada.`, (name: string) => `Capability ${name} deleted.`),
  'capability.none': m(() => 'No hay capacidades.', () => 'No capabilities.'),
  'invoke.result': m(
    (name: string, status: number, ms: string) => `${name}: HTTP ${status} en ${ms} ms`,
    (name: string, status: number, ms: string) => `${name}: HTTP ${status} in ${ms} ms`,
  ),
  'gateway.none': m(() => 'No hay llamadas registradas.', () => 'No calls logged.'),
  'gateway.count': m((n: number) => `${n} llamada${n === 1 ? '' : 's'}`, (n: number) => `${n} call${n === 1 ? '' : 's'}`),
  'gateway.summary': m(
    (from: string, to: string, calls: number, errors: number) => `Del ${from} al ${to}: ${calls} llamadas, ${errors} con error`,
    (from: string, to: string, calls: number, errors: number) => `From ${from} to ${to}: ${calls} calls, ${errors} failed`,
  ),
  'vault.current': m((id: string) => `Llave maestra actual: ${id}`, (id: string) => `Current master key: ${id}`),
  'vault.pending': m(
    (n: number) => `${n} llave${n === 1 ? '' : 's'} de datos aún bajo otra llave maestra: ejecuta \`smarteros vault rotate\`.`,
    (n: number) => `${n} data key${n === 1 ? '' : 's'} still under another master key: run \`smarteros vault rotate\`.`,
  ),
  'vault.notConfigured': m(
    (id: string) => `La llave ${id} envuelve llaves de datos pero no está en SMARTEROS_MASTER_KEY: agrégala de vuelta.`,
    (id: string) => `Key ${id} wraps data keys but is not in SMARTEROS_MASTER_KEY: add it back.`,
  ),
  'vault.batch': m(
    (n: number, rotated: number, remaining: number) => `lote ${n}: ${rotated} reenvueltas, quedan ${remaining}`,
    (n: number, rotated: number, remaining: number) => `batch ${n}: ${rotated} re-wrapped, ${remaining} left`,
  ),
  'vault.rotated': m(
    (rotated: number, total: number, id: string) => `Rotación completa: ${rotated} llaves de datos reenvueltas; las ${total} están bajo ${id}.`,
    (rotated: number, total: number, id: string) => `Rotation done: ${rotated} data keys re-wrapped; all ${total} are under ${id}.`,
  ),
  'col.current': m(() => 'Actual', () => 'Current'),
  'col.configured': m(() => 'Configurada', () => 'Configured'),
  'col.dataKeys': m(() => 'Llaves de datos', () => 'Data keys'),
  'col.keyId': m(() => 'Llave', () => 'Key'),
  'col.baseUrl': m(() => 'URL base', () => 'Base URL'),
  'col.auth': m(() => 'Autenticación', () => 'Auth'),
  'col.credential': m(() => 'Credencial', () => 'Credential'),
  'col.endpoints': m(() => 'Endpoints', () => 'Endpoints'),
  'col.capabilities': m(() => 'Capacidades', () => 'Capabilities'),
  'col.method': m(() => 'Método', () => 'Method'),
  'col.path': m(() => 'Ruta', () => 'Path'),
  'col.semanticName': m(() => 'Nombre', () => 'Name'),
  'col.question': m(() => 'Pregunta', () => 'Question'),
  'col.answer': m(() => 'Respuesta', () => 'Answer'),
  'col.tags': m(() => 'Etiquetas', () => 'Tags'),
  'col.enabled': m(() => 'Habilitado', () => 'Enabled'),
  'col.capability': m(() => 'Capacidad', () => 'Capability'),
  'col.kind': m(() => 'Tipo', () => 'Kind'),
  'col.confirm': m(() => 'Confirma', () => 'Confirm'),
  'col.rate': m(() => 'Límite/min', () => 'Limit/min'),
  'col.provider': m(() => 'Proveedor', () => 'Provider'),
  'col.endpoint': m(() => 'Endpoint', () => 'Endpoint'),
  'col.time': m(() => 'Hora (Santiago)', () => 'Time (Santiago)'),
  'col.principal': m(() => 'Quién', () => 'Principal'),
  'col.httpStatus': m(() => 'Estado', () => 'Status'),
  'col.upstreamStatus': m(() => 'Estado proveedor', () => 'Upstream status'),
  'col.errorCode': m(() => 'Error', () => 'Error'),
  'col.latency': m(() => 'Latencia ms', () => 'Latency ms'),
  'col.calls': m(() => 'Llamadas', () => 'Calls'),
  'col.errors': m(() => 'Errores', () => 'Errors'),
  'col.p50': m(() => 'p50 ms', () => 'p50 ms'),
  'col.p95': m(() => 'p95 ms', () => 'p95 ms'),
  'col.bytesOut': m(() => 'Bytes', () => 'Bytes'),
  'col.lastCall': m(() => 'Última', () => 'Last'),
  // MCP: the stdio bridge, the connection test, the audit and the AI-control policy
  'cmd.mcp': m(
    () => 'MCP: conecta clientes de IA (Claude Desktop, Cursor...) a las herramientas de la empresa, con su política y auditoría',
    () => "MCP: connect AI clients (Claude Desktop, Cursor...) to the company's tools, under its policy and audit",
  ),
  'cmd.mcp.serve': m(
    () => 'servidor MCP por stdio para clientes locales: un puente al /mcp del servidor SmarterOS con tu credencial',
    () => "MCP server on stdio for local clients: a bridge to the SmarterOS server's /mcp with your credential",
  ),
  'help.mcpServe': m(
    () =>
      '\nLo lanza el cliente MCP; stdout lleva solo el protocolo y los mensajes van a stderr. Termina al cerrarse la\n' +
      'entrada estándar. Credencial: --token, SMARTEROS_TOKEN (p. ej. una clave sk_ de la empresa) o el último login.\n' +
      'Ejemplo para Claude Desktop (claude_desktop_config.json):\n' +
      '  { "mcpServers": { "smarteros": {\n' +
      '      "command": "npx", "args": ["smarteros", "mcp", "serve"],\n' +
      '      "env": { "SMARTEROS_URL": "https://smarteros.tuempresa.cl", "SMARTEROS_TOKEN": "sk_..." } } } }\n' +
      'Si la empresa vincula Cloudflare Access, agrega --cf-assertion o SMARTEROS_CF_ACCESS_ASSERTION.',
    () =>
      '\nLaunched by the MCP client; stdout carries only the protocol and messages go to stderr. It ends when stdin\n' +
      'closes. Credential: --token, SMARTEROS_TOKEN (e.g. a tenant sk_ API key) or the stored login.\n' +
      'Example for Claude Desktop (claude_desktop_config.json):\n' +
      '  { "mcpServers": { "smarteros": {\n' +
      '      "command": "npx", "args": ["smarteros", "mcp", "serve"],\n' +
      '      "env": { "SMARTEROS_URL": "https://smarteros.example.cl", "SMARTEROS_TOKEN": "sk_..." } } } }\n' +
      'If the tenant links Cloudflare Access, add --cf-assertion or SMARTEROS_CF_ACCESS_ASSERTION.',
  ),
  'cmd.mcp.test': m(
    () => 'prueba la conexión MCP: servidor, protocolo, herramientas y una llamada de lectura',
    () => 'test the MCP connection: server, protocol, tools and one read call',
  ),
  'cmd.mcp.audit': m(
    () => 'llamadas a herramientas por MCP, las más nuevas primero (argumentos sin secretos)',
    () => 'MCP tool calls, newest first (arguments without secrets)',
  ),
  'cmd.mcp.policy': m(() => 'política de IA de la empresa para clientes MCP', () => "the tenant's AI-control policy for MCP clients"),
  'cmd.mcp.policy.show': m(() => 'muestra la política', () => 'show the policy'),
  'cmd.mcp.policy.set': m(
    () => 'cambia la política (solo lo que indiques): herramientas permitidas y denegadas, solo lectura, confirmación, ocultamiento, límite',
    () => 'change the policy (only what you give): allowed and denied tools, read-only, confirmation, redaction, limit',
  ),
  'mcp.opt.cfAssertion': m(
    () => 'JWT de Cloudflare Access para el encabezado Cf-Access-Jwt-Assertion (por omisión $SMARTEROS_CF_ACCESS_ASSERTION)',
    () => 'Cloudflare Access JWT for the Cf-Access-Jwt-Assertion header (default $SMARTEROS_CF_ACCESS_ASSERTION)',
  ),
  'mcp.opt.tool': m((def: string) => `herramienta de lectura a llamar (por omisión ${def})`, (def: string) => `read tool to call (default ${def})`),
  'mcp.opt.args': m(() => "argumentos JSON de la llamada, p. ej. '{\"status\": \"paid\"}'", () => "JSON arguments of the call, e.g. '{\"status\": \"paid\"}'"),
  'mcp.opt.toolFilter': m(() => 'solo esta herramienta', () => 'only this tool'),
  'mcp.opt.outcome': m(() => 'solo este resultado', () => 'only this outcome'),
  'mcp.opt.allow': m(
    () => 'solo estas herramientas, separadas por coma (reemplaza la lista)',
    () => 'only these tools, comma-separated (replaces the list)',
  ),
  'mcp.opt.allowAll': m(() => 'permite todas las herramientas (quita la lista de permitidas)', () => 'allow every tool (drop the allow list)'),
  'mcp.opt.deny': m(
    () => 'herramientas denegadas, separadas por coma (reemplaza la lista; none la vacía)',
    () => 'denied tools, comma-separated (replaces the list; none empties it)',
  ),
  'mcp.opt.readOnly': m(() => 'solo lectura: ninguna herramienta de escritura se lista ni se ejecuta', () => 'read-only: no write tool is listed or runs'),
  'mcp.opt.noReadOnly': m(() => 'quita el modo solo lectura', () => 'leave read-only mode'),
  'mcp.opt.confirmWrites': m(() => 'toda escritura pide confirmación antes', () => 'every write asks for confirmation first'),
  'mcp.opt.noConfirmWrites': m(
    () => 'las escrituras no piden confirmación (salvo las capacidades que la exigen)',
    () => 'writes do not ask for confirmation (except capabilities that require it)',
  ),
  'mcp.opt.confirmRole': m(() => 'rol mínimo que puede confirmar', () => 'lowest role that may confirm'),
  'mcp.opt.redact': m(
    () => 'oculta en los resultados exactamente estos datos, separados por coma',
    () => 'redact exactly these fields in results, comma-separated',
  ),
  'mcp.opt.noRedact': m(() => 'no oculta nada', () => 'redact nothing'),
  'mcp.opt.perMinute': m(() => 'llamadas a herramientas por minuto como máximo', () => 'tool calls per minute at most'),
  'mcp.err.badTool': m(
    (field: string, value: string) => `${field}: "${value}" no es un nombre de herramienta (letras, dígitos, . _ -; máx. 128), como orders.search`,
    (field: string, value: string) => `${field}: "${value}" is not a tool name (letters, digits, . _ -; max 128), such as orders.search`,
  ),
  'mcp.err.emptyList': m((field: string) => `${field}: la lista está vacía`, (field: string) => `${field}: the list is empty`),
  'mcp.err.tooMany': m((field: string, max: number) => `${field}: más de ${max} herramientas`, (field: string, max: number) => `${field}: more than ${max} tools`),
  'mcp.err.badAssertion': m(
    (from: string) => `${from}: no es un JWT (tres partes base64url separadas por puntos)`,
    (from: string) => `${from}: not a JWT (three base64url parts separated by dots)`,
  ),
  'mcp.err.nothingToChange': m(
    () => 'nada que cambiar: usa --allow, --allow-all, --deny, --read-only, --confirm-writes, --confirm-role, --redact o --calls-per-minute',
    () => 'nothing to change: give --allow, --allow-all, --deny, --read-only, --confirm-writes, --confirm-role, --redact or --calls-per-minute',
  ),
  'mcp.err.writeTool': m(
    (name: string) => `--tool: ${name} es de escritura; mcp test solo llama herramientas de lectura`,
    (name: string) => `--tool: ${name} is a write tool; mcp test only calls read tools`,
  ),
  'mcp.err.http': m(
    (url: string, status: number, message: string) => `${url} respondió HTTP ${status}: ${message}`,
    (url: string, status: number, message: string) => `${url} answered HTTP ${status}: ${message}`,
  ),
  'mcp.err.closed': m((url: string) => `la conexión MCP con ${url} se cerró`, (url: string) => `the MCP connection to ${url} closed`),
  'mcp.err.protocol': m((code: number, message: string) => `error MCP ${code}: ${message}`, (code: number, message: string) => `MCP error ${code}: ${message}`),
  'mcp.hint.host': m(
    () => 'El servidor no atiende ese nombre: agrégalo a SMARTEROS_MCP_ALLOWED_HOSTS en el servidor, o usa su URL pública con --url.',
    () => 'The server does not answer to that name: add it to SMARTEROS_MCP_ALLOWED_HOSTS on the server, or use its public URL with --url.',
  ),
  'mcp.hint.cfAssertion': m(
    () => 'La empresa vincula Cloudflare Access: envía el JWT con --cf-assertion o SMARTEROS_CF_ACCESS_ASSERTION.',
    () => 'The tenant links Cloudflare Access: send the JWT with --cf-assertion or SMARTEROS_CF_ACCESS_ASSERTION.',
  ),
  'mcp.serve.ready': m(
    (server: string, url: string) => `smarteros mcp serve: puente listo hacia ${server} en ${url}; esperando al cliente MCP en stdin`,
    (server: string, url: string) => `smarteros mcp serve: bridge ready to ${server} at ${url}; waiting for the MCP client on stdin`,
  ),
  'mcp.serve.tty': m(
    () => 'smarteros mcp serve habla MCP por stdin/stdout: lo lanza un cliente MCP (Claude Desktop, Cursor...). Ctrl+D o Ctrl+C para salir.',
    () => 'smarteros mcp serve speaks MCP on stdin/stdout: an MCP client (Claude Desktop, Cursor...) launches it. Ctrl+D or Ctrl+C to quit.',
  ),
  'mcp.serve.reopened': m(
    () => 'smarteros mcp serve: el servidor olvidó la sesión (inactiva o reiniciado); se abrió una nueva',
    () => 'smarteros mcp serve: the server forgot the session (idle or restarted); a new one was opened',
  ),
  'mcp.serve.stopped': m(() => 'smarteros mcp serve: terminado', () => 'smarteros mcp serve: stopped'),
  'mcp.test.endpoint': m(() => 'Endpoint MCP', () => 'MCP endpoint'),
  'mcp.test.cfNone': m(() => 'no vinculada (no se pide el encabezado)', () => 'not linked (the header is not required)'),
  'mcp.test.cfLinked': m(
    (apps: string, status: string) => `vinculada: ${apps}; el encabezado Cf-Access-Jwt-Assertion debe estar presente (${status})`,
    (apps: string, status: string) => `linked: ${apps}; the Cf-Access-Jwt-Assertion header must be present (${status})`,
  ),
  'mcp.test.cfSent': m(() => 'se envía', () => 'sent'),
  'mcp.test.cfMissing': m(() => 'FALTA: usa --cf-assertion', () => 'MISSING: use --cf-assertion'),
  'mcp.test.server': m(() => 'Servidor', () => 'Server'),
  'mcp.test.protocol': m(() => 'Protocolo MCP', () => 'MCP protocol'),
  'mcp.test.tools': m((n: number) => `Herramientas (${n}):`, (n: number) => `Tools (${n}):`),
  'mcp.test.notListed': m(
    (name: string) => `${name} no está en la lista (la política no la permite, o no existe)`,
    (name: string) => `${name} is not listed (the policy does not allow it, or it does not exist)`,
  ),
  'mcp.test.callOk': m((name: string, ms: string) => `Llamada ${name}: ok en ${ms} ms`, (name: string, ms: string) => `Call ${name}: ok in ${ms} ms`),
  'mcp.test.callError': m(
    (name: string, code: string, ms: string) => `Llamada ${name}: error ${code} en ${ms} ms`,
    (name: string, code: string, ms: string) => `Call ${name}: error ${code} in ${ms} ms`,
  ),
  'mcp.test.failed': m(
    (name: string, code: string, message: string) => `la llamada a ${name} falló (${code}): ${message}`,
    (name: string, code: string, message: string) => `the call to ${name} failed (${code}): ${message}`,
  ),
  'mcp.kind.read': m(() => 'lectura', () => 'read'),
  'mcp.kind.write': m(() => 'escritura', () => 'write'),
  'mcp.col.client': m(() => 'Cliente', () => 'Client'),
  'mcp.col.tool': m(() => 'Herramienta', () => 'Tool'),
  'mcp.col.outcome': m(() => 'Resultado', () => 'Outcome'),
  'mcp.audit.none': m(() => 'No hay llamadas MCP registradas.', () => 'No MCP calls logged.'),
  'mcp.audit.count': m((n: number) => `${n} llamada${n === 1 ? '' : 's'}`, (n: number) => `${n} call${n === 1 ? '' : 's'}`),
  'mcp.policy.allowed': m(() => 'Herramientas permitidas', () => 'Allowed tools'),
  'mcp.policy.allTools': m(() => 'todas', () => 'all'),
  'mcp.policy.noTools': m(() => '(ninguna)', () => '(none)'),
  'mcp.policy.nothing': m(() => '(nada)', () => '(nothing)'),
  'mcp.policy.denied': m(() => 'Herramientas denegadas', () => 'Denied tools'),
  'mcp.policy.readOnly': m(() => 'Solo lectura', () => 'Read-only'),
  'mcp.policy.confirmWrites': m(() => 'Confirmar escrituras', () => 'Confirm writes'),
  'mcp.policy.confirmRole': m(() => 'Rol mínimo para confirmar', () => 'Lowest role to confirm'),
  'mcp.policy.redact': m(() => 'Se oculta', () => 'Redacted'),
  'mcp.policy.phone': m(() => 'teléfono', () => 'phone'),
  'mcp.policy.email': m(() => 'correo', () => 'e-mail'),
  'mcp.policy.perMinute': m(() => 'Llamadas por minuto', () => 'Calls per minute'),
  'mcp.policy.saved': m(() => 'Política MCP guardada.', () => 'MCP policy saved.'),
  // actions: the catalog every caller shares (MCP, the API, the CLI), under the tenant's AI-control policy
  'cmd.action': m(
    () => 'acciones: lo que puedes hacer en la empresa (las de la plataforma y sus capacidades), con los controles de IA',
    () => "actions: what you may do in the company (the platform's and its capabilities), under the AI controls",
  ),
  'cmd.action.list': m(() => 'lista las acciones que puedes ejecutar con tu rol', () => 'list the actions your role may run'),
  'cmd.action.show': m(() => 'muestra una acción con su esquema de entrada', () => 'show an action with its input schema'),
  'cmd.action.run': m(
    () => 'ejecuta una acción; las escrituras que piden confirmación quedan esperando aprobación',
    () => 'run an action; writes that ask for confirmation wait for approval',
  ),
  'cmd.action.confirmations': m(() => 'lista las escrituras que esperan confirmación', () => 'list the writes waiting for confirmation'),
  'cmd.action.approve': m(
    () => 'aprueba una escritura pendiente: se ejecuta ahora, con tu rol',
    () => 'approve a pending write: it runs now, with your role',
  ),
  'cmd.action.reject': m(() => 'rechaza una escritura pendiente: no se ejecutará', () => 'reject a pending write: it will not run'),
  'arg.action': m(() => 'nombre de la acción, p. ej. smarteros.products', () => 'action name, e.g. smarteros.products'),
  'arg.confirmation': m(() => 'id de la confirmación (ver `smarteros action confirmations`)', () => 'confirmation id (see `smarteros action confirmations`)'),
  'opt.confirmationStatus': m(() => 'solo las de este estado (por omisión pending)', () => 'only those in this state (default pending)'),
  'col.action': m(() => 'Acción', () => 'Action'),
  'col.title': m(() => 'Título', () => 'Title'),
  'col.minRole': m(() => 'Rol mínimo', () => 'Minimum role'),
  'col.origin': m(() => 'Origen', () => 'Origin'),
  'col.source': m(() => 'Desde', () => 'Source'),
  'col.args': m(() => 'Argumentos', () => 'Arguments'),
  'col.requestedBy': m(() => 'Pedida por', () => 'Requested by'),
  'col.expires': m(() => 'Vence', () => 'Expires'),
  'action.none': m(() => 'No hay acciones que puedas ejecutar.', () => 'No actions you may run.'),
  'action.notListed': m(
    (name: string) => `${name}: no está entre las acciones que puedes ejecutar (ver \`smarteros action list\`)`,
    (name: string) => `${name}: not among the actions you may run (see \`smarteros action list\`)`,
  ),
  'action.done': m((name: string) => `Acción ${name}: lista.`, (name: string) => `Action ${name}: done.`),
  'action.waiting': m(
    (name: string, id: string, role: string, until: string) =>
      `${name} espera confirmación: no se hizo nada. Alguien con rol ${role} o superior la aprueba con \`smarteros action approve ${id}\` (vence ${until}).`,
    (name: string, id: string, role: string, until: string) =>
      `${name} waits for confirmation: nothing was done. Someone with the ${role} role or higher approves it with \`smarteros action approve ${id}\` (expires ${until}).`,
  ),
  'action.approved': m((name: string) => `Aprobada y ejecutada: ${name}.`, (name: string) => `Approved and run: ${name}.`),
  'action.rejected': m((name: string) => `Rechazada: ${name}; no se ejecutará.`, (name: string) => `Rejected: ${name}; it will not run.`),
  'action.noConfirmations': m(() => 'No hay confirmaciones en ese estado.', () => 'No confirmations in that state.'),
  'err.badActionName': m(
    (field: string, value: string) => `${field}: «${value}» no es un nombre de acción (p. ej. smarteros.products u orders.search)`,
    (field: string, value: string) => `${field}: "${value}" is not an action name (e.g. smarteros.products or orders.search)`,
  ),
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
