import { errorSpec, type ErrorCode, type KernelErrorCode } from './errors.ts';

/**
 * The wording of errors in the request's language (es-CL by default, en), from one catalog.
 *
 * An error's `code` and `details` are its contract (the console and the CLI word errors themselves from them); the
 * human `message` is worded here, per code:
 * - SPECIFIC lists, per code, the messages the code is thrown with, as ICU-style templates: the English template is
 *   what the throw site writes (`Capability {name} not found`); a thrown message that matches it takes its
 *   parameters from the match (and from `details`) and is worded with the template of the request's language.
 * - GENERIC words a code that no specific template matches, with parameters from `details` when it has them.
 * - PHRASES words the short field problems of validation issues (`must be an e-mail address`): zod custom messages,
 *   database field problems, and the right-hand side of `<field>: <problem>` messages.
 * English answers keep the throw site's own English text; Spanish ones come from the catalog, never a mixture.
 */
export type Locale = 'es' | 'en';

export const DEFAULT_LOCALE: Locale = 'es';

/** The request's language from Accept-Language: the highest q among es* and en*; es when neither is asked for. */
export function localeOf(acceptLanguage: string | readonly string[] | undefined): Locale {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage as string | undefined);
  if (!header) return DEFAULT_LOCALE;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = tag.trim().toLowerCase().split('-')[0];
    const locale = primary === 'en' ? 'en' : primary === 'es' ? 'es' : undefined;
    if (locale && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

type Params = Record<string, unknown>;
interface Entry {
  en: string;
  es: string;
}

/** Replaces {name} with params.name; undefined when a parameter is missing (the caller then words it otherwise). */
export function formatMessage(template: string, params: Params): string | undefined {
  let missing = false;
  const text = template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v))) {
      missing = true;
      return '';
    }
    return Array.isArray(v) ? v.join(', ') : String(v as string | number | boolean);
  });
  return missing ? undefined : text;
}

/** The generic words of the kernel's codes; a module gives its codes' words in its defineErrors (`words`). */
const GENERIC: Record<KernelErrorCode, Entry> = {
  validation_failed: { en: 'The request is not valid', es: 'La solicitud no es válida' },
  invalid_rut: { en: 'RUT is not valid (modulo 11)', es: 'El RUT no es válido (dígito verificador)' },
  unauthorized: { en: 'Sign in first', es: 'Inicie sesión primero' },
  forbidden: { en: 'You are not allowed to do this', es: 'No tiene permiso para hacer esto' },
  not_found: { en: 'Not found', es: 'No se encontró lo que busca' },
  already_exists: { en: 'Already exists', es: 'Ya existe' },
  payload_too_large: { en: 'The request body is larger than 1 MB', es: 'El cuerpo de la solicitud supera 1 MB' },
  unsupported_media_type: { en: 'Send the body as application/json', es: 'Envíe el cuerpo como application/json' },
  unprocessable: { en: 'The request cannot be processed', es: 'No se puede procesar la solicitud' },
  egress_refused: { en: 'This destination is not allowed', es: 'Este destino no está permitido' },
  rate_limited: { en: 'Too many requests; try again later', es: 'Demasiadas solicitudes; inténtelo más tarde' },
  internal: { en: 'Something went wrong on our side', es: 'Algo falló de nuestro lado' },
  upstream_error: { en: 'The external service answered with an error', es: 'El servicio externo respondió con un error' },
  unavailable: { en: 'The service is not available right now', es: 'El servicio no está disponible en este momento' },
  upstream_timeout: { en: 'The external service did not answer in time', es: 'El servicio externo no respondió a tiempo' },
  delivery_not_dead: { en: 'This delivery is not a dead letter', es: 'Esta entrega no es una carta muerta' },
};

const SPECIFIC: Partial<Record<ErrorCode, Entry[]>> = {
  tenant_transition_not_allowed: [{ en: 'A tenant cannot go from {from} to {to}', es: 'Una empresa no puede pasar de {from} a {to}' }],
  product_transition_not_allowed: [{ en: 'A product cannot go from {from} to {to}', es: 'Un producto no puede pasar de {from} a {to}' }],
  trial_transition_not_allowed: [{ en: 'A trial cannot go from {from} to {to}', es: 'Una prueba no puede pasar de {from} a {to}' }],
  validation_failed: [
    { en: 'Invalid request', es: 'La solicitud no es válida' },
    { en: 'Invalid value', es: 'Valor no válido' },
    { en: 'Invalid input', es: 'Datos no válidos' },
    { en: 'The request could not be read', es: 'No se pudo leer la solicitud' },
    { en: 'Content-Length does not match the body', es: 'Content-Length no coincide con el cuerpo' },
    { en: '{field}: {problem}', es: '{field}: {problem}' },
  ],
  not_found: [
    { en: 'Tenant not found', es: 'No se encontró la empresa' },
    { en: 'Member not found', es: 'No se encontró el miembro' },
    { en: 'Invitation not found', es: 'No se encontró la invitación' },
    { en: 'Invitation not found, or already used or revoked', es: 'No se encontró la invitación, o ya se usó o se revocó' },
    { en: 'This invitation is not valid, was already used or has expired', es: 'Esta invitación no es válida, ya se usó o venció' },
    { en: 'API key not found', es: 'No se encontró la clave de API' },
    { en: 'API key not found or already revoked', es: 'No se encontró la clave de API, o ya se revocó' },
    { en: 'Domain not found', es: 'No se encontró el dominio' },
    { en: 'Provider not found', es: 'No se encontró el proveedor' },
    { en: 'Endpoint not found', es: 'No se encontró el endpoint' },
    { en: 'Session not found', es: 'No se encontró la sesión' },
    { en: 'Capability {name} not found', es: 'No se encontró la capacidad {name}' },
    { en: 'This provider has no credential', es: 'Este proveedor no tiene credencial' },
    { en: 'Cloudflare application not found', es: 'No se encontró la aplicación de Cloudflare' },
    { en: 'No route {method} {path}', es: 'No existe la ruta {method} {path}' },
    { en: 'tenant not found', es: 'No se encontró la empresa' },
    { en: 'product not found', es: 'No se encontró el producto' },
    { en: 'This reset link is not valid, was already used or has expired', es: 'Este enlace para restablecer la contraseña no es válido, ya se usó o venció' },
  ],
  forbidden: [
    { en: 'You are not a member of that tenant', es: 'Usted no es miembro de esa empresa' },
    { en: 'You are not a member of any tenant yet', es: 'Usted todavía no es miembro de ninguna empresa' },
    { en: 'You cannot invite with a role above your own ({role})', es: 'No puede invitar con un rol superior al suyo ({role})' },
    { en: 'You cannot grant a role above your own ({role})', es: 'No puede otorgar un rol superior al suyo ({role})' },
    { en: 'You cannot create a key with a role above your own ({role})', es: 'No puede crear una clave con un rol superior al suyo ({role})' },
    { en: 'This needs the {required_role} role or higher', es: 'Esto requiere el rol {required_role_es} o superior' },
    { en: 'This needs a platform admin', es: 'Esto requiere un administrador de plataforma' },
    { en: 'Platform admins sign in without tenant_id', es: 'Los administradores de la plataforma inician sesión sin tenant_id' },
    { en: 'Only platform admins change a tenant plan', es: 'Solo los administradores de la plataforma cambian el plan de una empresa' },
    { en: 'Only people switch tenants; API keys belong to one tenant', es: 'Solo las personas cambian de empresa; una clave de API pertenece a una empresa' },
    { en: 'Only people have sessions', es: 'Solo las personas tienen sesiones' },
    { en: 'Only people belong to tenants', es: 'Solo las personas pertenecen a empresas' },
    { en: 'Only people have a password', es: 'Solo las personas tienen contraseña' },
    { en: 'Only a person with an account can verify their own phone', es: 'Solo una persona con cuenta puede verificar su teléfono' },
    { en: 'Act in one of your tenants first (switch tenant), then verify your phone', es: 'Primero actúe en una de sus empresas (cambie de empresa) y luego verifique su teléfono' },
    { en: 'Capability {name} changes data: it needs the agent role or higher', es: 'La capacidad {name} modifica datos: requiere el rol Agente o superior' },
    { en: "The tool {name} is not allowed by this company's AI policy (read-only mode)", es: 'La política de IA de esta empresa no permite la herramienta {name} (modo solo lectura)' },
    { en: "The tool {name} is not allowed by this company's AI policy", es: 'La política de IA de esta empresa no permite la herramienta {name}' },
    { en: 'The tool {name} needs the {required_role} role or higher', es: 'La herramienta {name} requiere el rol {required_role_es} o superior' },
    { en: 'Confirming {name} needs the {required_role} role or higher', es: 'Confirmar {name} requiere el rol {required_role_es} o superior' },
    { en: 'This company requires Cloudflare Access: send the Cf-Access-Jwt-Assertion header', es: 'Esta empresa exige Cloudflare Access: envíe el encabezado Cf-Access-Jwt-Assertion' },
    { en: 'The Cloudflare Access assertion is not valid for this company', es: 'La aserción de Cloudflare Access no es válida para esta empresa' },
    { en: 'Send the X-SmarterOS-Session: 1 header to use the session cookie', es: 'Envíe el encabezado X-SmarterOS-Session: 1 para usar la cookie de sesión' },
    { en: 'This origin may not use the session cookie', es: 'Este origen no puede usar la cookie de sesión' },
  ],
  unauthorized: [
    { en: 'E-mail or password is not correct', es: 'El correo o la contraseña no son correctos' },
    { en: 'The current password is not correct', es: 'La contraseña actual no es correcta' },
    { en: 'The session has ended; sign in again', es: 'La sesión terminó; inicie sesión de nuevo' },
    { en: 'Sign in first: send Authorization: Bearer <token or API key>', es: 'Inicie sesión primero: envíe Authorization: Bearer <token o clave de API>' },
    { en: 'The Authorization header must be "Bearer <token>"', es: 'El encabezado Authorization debe ser "Bearer <token>"' },
    { en: 'This e-mail already has an account: enter its password to accept', es: 'Este correo ya tiene una cuenta: ingrese su contraseña para aceptar' },
    { en: 'The refresh token is not valid; sign in again', es: 'El token de renovación no es válido; inicie sesión de nuevo' },
    { en: 'The API key is not valid', es: 'La clave de API no es válida' },
    { en: 'The API key is not valid or was revoked', es: 'La clave de API no es válida o fue revocada' },
    { en: 'The token has expired', es: 'El token venció; inicie sesión de nuevo' },
    { en: "The token's {claim} claim is not accepted", es: 'No se acepta el claim {claim} del token' },
    { en: 'The token is signed with an algorithm that is not accepted', es: 'El token está firmado con un algoritmo que no se acepta' },
    { en: 'The token signature is not valid', es: 'La firma del token no es válida' },
    { en: 'The token was signed by an unknown key', es: 'El token fue firmado con una clave desconocida' },
    { en: 'The token is not valid', es: 'El token no es válido' },
    { en: 'External tokens are not accepted here', es: 'Aquí no se aceptan tokens externos' },
    { en: 'The token has no {claim} claim naming a tenant', es: 'El token no tiene el claim {claim} que nombra una empresa' },
  ],
  rate_limited: [
    { en: 'Too many requests; try again later', es: 'Demasiadas solicitudes; inténtelo más tarde' },
    { en: 'A code was just sent to this phone; try again in {retry_after_seconds} s', es: 'Recién se envió un código a este teléfono; inténtelo de nuevo en {retry_after_seconds} s' },
    { en: 'Too many codes sent to this phone in the last hour; try again in {retry_after_seconds} s', es: 'Se enviaron demasiados códigos a este teléfono en la última hora; inténtelo de nuevo en {retry_after_seconds} s' },
    { en: 'Too many wrong codes; request a new code', es: 'Demasiados códigos incorrectos; solicite un código nuevo' },
    { en: 'Too many failed sign-ins for this account; try again in 15 minutes', es: 'Demasiados intentos fallidos para esta cuenta; inténtelo de nuevo en 15 minutos' },
    { en: 'Too many calls to {name}; try again in {seconds} s', es: 'Demasiadas llamadas a {name}; inténtelo de nuevo en {seconds} s' },
    { en: 'Too many tool calls; try again in {seconds} s', es: 'Demasiadas llamadas a herramientas; inténtelo de nuevo en {seconds} s' },
    { en: 'Too many password reset requests; try again later', es: 'Demasiadas solicitudes para restablecer la contraseña; inténtelo más tarde' },
  ],
  unprocessable: [
    { en: 'No code is pending for this phone (it expired or was already used); request a new one', es: 'No hay un código pendiente para este teléfono (venció o ya se usó); solicite uno nuevo' },
    { en: 'The code is not correct', es: 'El código no es correcto' },
    { en: 'The TXT record {name} with value {value} was not found yet', es: 'Todavía no se encuentra el registro TXT {name} con el valor {value}' },
    { en: 'The OpenAPI document cannot be imported: {problem} (at {at}) ({count} issues in all)', es: 'No se puede importar el documento OpenAPI: {problem} (en {at}) ({count} problemas en total)' },
    { en: 'The OpenAPI document cannot be imported: {problem} (at {at})', es: 'No se puede importar el documento OpenAPI: {problem} (en {at})' },
    { en: 'The OpenAPI document cannot be imported: {problem} ({count} issues in all)', es: 'No se puede importar el documento OpenAPI: {problem} ({count} problemas en total)' },
    { en: 'The OpenAPI document cannot be imported: {problem}', es: 'No se puede importar el documento OpenAPI: {problem}' },
    { en: 'The OpenAPI document could not be fetched: the server answered {status}', es: 'No se pudo descargar el documento OpenAPI: el servidor respondió {status}' },
    { en: 'The OpenAPI document is larger than {bytes} bytes', es: 'El documento OpenAPI supera {bytes} bytes' },
    { en: 'The provider {provider} has no credential: set it before calling its capabilities', es: 'El proveedor {provider} no tiene credencial: configúrela antes de llamar a sus capacidades' },
    { en: 'The schema of {name} is not a valid JSON Schema: {problem}', es: 'El esquema de {name} no es un JSON Schema válido: {problem}' },
  ],
  upstream_error: [
    { en: 'The upstream answer is larger than {bytes} bytes', es: 'La respuesta del servicio externo supera {bytes} bytes' },
    { en: 'The upstream API could not be reached', es: 'No se pudo contactar la API externa' },
    { en: 'The upstream API broke off its answer', es: 'La API externa cortó su respuesta' },
    { en: "{provider} answered with a body that does not match the capability's schema_out", es: '{provider} respondió con un cuerpo que no coincide con el schema_out de la capacidad' },
    { en: '{provider} answered {status}', es: '{provider} respondió {status}' },
    { en: 'The OAuth2 token endpoint could not be reached', es: 'No se pudo contactar el endpoint de tokens OAuth2' },
    { en: 'The OAuth2 token endpoint refused the client credentials ({status})', es: 'El endpoint de tokens OAuth2 rechazó las credenciales del cliente ({status})' },
    { en: 'Could not resolve the host {host}.', es: 'No se pudo resolver el host {host}.' },
    { en: '{host} answered with a redirect, which is not followed here.', es: '{host} respondió con una redirección, que aquí no se sigue.' },
    { en: 'Too many redirects (more than {max}) starting at {start}.', es: 'Demasiadas redirecciones (más de {max}) desde {start}.' },
  ],
  tenant_not_operational: [{ en: 'A cancelled tenant cannot be changed', es: 'Una empresa cancelada no se puede modificar' }],
  already_exists: [
    { en: 'A user with this e-mail already exists', es: 'Ya existe un usuario con este correo' },
    { en: 'This person is already a member of the tenant', es: 'Esta persona ya es miembro de la empresa' },
    { en: 'This address was invited at the same moment; try again', es: 'Esta dirección se invitó en el mismo momento; inténtelo de nuevo' },
    { en: 'A provider with this name already exists', es: 'Ya existe un proveedor con este nombre' },
    { en: 'A capability with this name already exists', es: 'Ya existe una capacidad con este nombre' },
    { en: 'This integration already exists', es: 'Esta integración ya existe' },
  ],
  internal: [{ en: 'Something went wrong on our side (request {request})', es: 'Algo falló de nuestro lado (solicitud {request})' }],
};

/** Short field problems: zod custom messages, database and service field problems, Ajv's common messages. */
const PHRASES: Record<string, string> = {
  'invalid value': 'valor no válido',
  required: 'obligatorio',
  'is required': 'es obligatorio',
  'not valid JSON': 'no es JSON válido',
  'a JSON body is required': 'se requiere un cuerpo JSON',
  'must be in the future': 'debe estar en el futuro',
  'unknown plan': 'plan desconocido',
  'must be trial or subscription': 'debe ser trial o subscription',
  'invalid cursor': 'cursor no válido',
  'not a cursor this API gave out': 'no es un cursor entregado por esta API',
  'must have at least 2 characters': 'debe tener al menos 2 caracteres',
  'must have at least 12 characters': 'debe tener al menos 12 caracteres',
  'must be an e-mail address': 'debe ser una dirección de correo',
  'must be a plan code such as trial, demo, starter, pro or infinite': 'debe ser un código de plan como trial, demo, starter, pro o infinite',
  'must be at most 16 KB as JSON': 'debe ocupar como máximo 16 KB como JSON',
  'must be at most 256 KB as JSON': 'debe ocupar como máximo 256 KB como JSON',
  'must not repeat a product': 'no debe repetir un producto',
  'must not repeat a capability_name': 'no debe repetir un capability_name',
  'give at least one field to change': 'indique al menos un campo para cambiar',
  'give either subdomain or domain': 'indique subdomain o domain, no ambos',
  'give either document or url': 'indique document o url, no ambos',
  'give openapi or openapi_url, not both': 'indique openapi u openapi_url, no ambos',
  'give header_name or query_name, not both': 'indique header_name o query_name, no ambos',
  'give an email or a phone': 'indique un correo o un teléfono',
  'is reserved by the platform': 'está reservado por la plataforma',
  'must be a DNS label: letters, digits and inner hyphens, at most 63': 'debe ser una etiqueta DNS: letras, dígitos y guiones internos, como máximo 63',
  'must be a domain name such as tienda.cl': 'debe ser un nombre de dominio como tienda.cl',
  'must be an object': 'debe ser un objeto',
  'must be 6 digits': 'debe tener 6 dígitos',
  'must be the 6 digits of the message': 'debe ser los 6 dígitos del mensaje',
  'not a valid phone number': 'no es un número de teléfono válido',
  'must be an http:// or https:// URL without user:password': 'debe ser una URL http:// o https:// sin usuario:contraseña',
  'must be a tool name such as orders.search': 'debe ser un nombre de herramienta como orders.search',
  'must be lower-case words separated by dots, such as orders.search': 'deben ser palabras en minúsculas separadas por puntos, como orders.search',
  'must start with / and have no query or fragment': 'debe empezar con / y no tener consulta ni fragmento',
  'must be an HTTP header name': 'debe ser un nombre de encabezado HTTP',
  'must be a query parameter name': 'debe ser un nombre de parámetro de consulta',
  'cannot be a framing or hop-by-hop header': 'no puede ser un encabezado de framing o hop-by-hop',
  'is required for basic authentication': 'es obligatorio para la autenticación basic',
  'is required for oauth2 (client credentials)': 'es obligatorio para oauth2 (client credentials)',
  'not allowed with auth_type none': 'no se permite con auth_type none',
  'must be different from the current password': 'debe ser distinta de la contraseña actual',
  'RUT is not valid (modulo 11)': 'el RUT no es válido (dígito verificador)',
  'RUT is required': 'el RUT es obligatorio',
  'RUT may only contain digits, dots, a hyphen and a final K': 'el RUT solo puede tener dígitos, puntos, un guion y una K final',
  'RUT must have between 1 and 8 digits before the check digit': 'el RUT debe tener entre 1 y 8 dígitos antes del dígito verificador',
  'RUT check digit does not match (modulo 11)': 'el dígito verificador del RUT no coincide (módulo 11)',
};

/** Field problems with parameters: OpenAPI import issues, registry input problems. */
const PHRASE_TEMPLATES: ReadonlyArray<readonly [en: string, es: string]> = [
  ['... and {n} more issues', '... y {n} problemas más'],
  ['... and {n} more validation errors', '... y {n} errores de validación más'],
  ['the document is not a valid OpenAPI document', 'el documento no es un documento OpenAPI válido'],
  ['the document is larger than {n} MB', 'el documento supera {n} MB'],
  ['the document is empty', 'el documento está vacío'],
  ['the document is not plain JSON data (it has a cycle or a value JSON cannot hold)', 'el documento no es JSON simple (tiene un ciclo o un valor que JSON no puede representar)'],
  ['the document must be an object (an OpenAPI document), not {kind}', 'el documento debe ser un objeto (un documento OpenAPI), no {kind}'],
  ['invalid JSON at line {line}, column {col}: {detail}', 'JSON no válido en la línea {line}, columna {col}: {detail}'],
  ['invalid JSON: {detail}', 'JSON no válido: {detail}'],
  ['invalid YAML at line {line}, column {col}: {detail}', 'YAML no válido en la línea {line}, columna {col}: {detail}'],
  ['invalid YAML: {detail}', 'YAML no válido: {detail}'],
  ['the YAML cannot be read: {detail}', 'no se puede leer el YAML: {detail}'],
  ['the document could not be validated: {detail}', 'no se pudo validar el documento: {detail}'],
  ['Swagger {v} documents are not supported: only OpenAPI 3.0 and 3.1 are (convert it first, e.g. with swagger2openapi)', 'los documentos Swagger {v} no se admiten: solo OpenAPI 3.0 y 3.1 (conviértalo antes, por ejemplo con swagger2openapi)'],
  ['the "openapi" field is missing: only OpenAPI 3.0 and 3.1 documents are supported', 'falta el campo "openapi": solo se admiten documentos OpenAPI 3.0 y 3.1'],
  ['"openapi" must be a version string such as "3.0.3" (in YAML, quote it), not {v}', '"openapi" debe ser una versión como "3.0.3" (en YAML, entre comillas), no {v}'],
  ['OpenAPI version "{v}" is not supported: only OpenAPI 3.0.x and 3.1.x are', 'la versión OpenAPI "{v}" no se admite: solo OpenAPI 3.0.x y 3.1.x'],
  ['the "paths" object is missing (OpenAPI 3.0 requires it)', 'falta el objeto "paths" (OpenAPI 3.0 lo exige)'],
  ['the document has neither "paths" nor "webhooks": there is nothing to import', 'el documento no tiene "paths" ni "webhooks": no hay nada que importar'],
  ['"paths" must be an object of path templates', '"paths" debe ser un objeto de plantillas de ruta'],
  ['the document has {n} operations; at most {max} can be imported', 'el documento tiene {n} operaciones; se pueden importar como máximo {max}'],
  ['$ref "{ref}" resolves nowhere: "{name}" does not exist at {at}', '$ref "{ref}" no apunta a nada: "{name}" no existe en {at}'],
  ['$ref "{ref}" is a loop of references with no schema in it ({chain})', '$ref "{ref}" es un ciclo de referencias sin ningún esquema ({chain})'],
  ['must NOT have additional properties: {name} is not expected to be here!', 'no debe tener propiedades adicionales: {name} no corresponde aquí'],
  ['"{where}" is missing path parameter(s) for "{names}".', '"{where}" no declara los parámetros de ruta de "{names}".'],
  ['no operation "{op}" in the document', 'el documento no tiene la operación "{op}"'],
  ['auth_type none takes no credential', 'auth_type none no lleva credencial'],
];

/** Spanish for a short English field problem, when the catalog has it (exact phrases first, then templates). */
export function phrase(problem: string, locale: Locale): string {
  if (locale === 'en') return problem;
  const exact = PHRASES[problem];
  if (exact) return exact;
  for (const [en, es] of PHRASE_TEMPLATES) {
    const m = matcher(en).exec(problem);
    if (m) return formatMessage(es, { ...m.groups }) ?? problem;
  }
  return problem;
}

/** Role names as people read them, the console's words (the code's role names stay in details). */
const ROLE_ES: Record<string, string> = { owner: 'Dueño', admin: 'Administrador', agent: 'Agente', viewer: 'Solo lectura', platform_admin: 'Administrador de plataforma' };
export const roleName = (role: string, locale: Locale): string => (locale === 'en' ? role : (ROLE_ES[role] ?? role));

const compiled = new Map<string, RegExp>();
function matcher(template: string): RegExp {
  let re = compiled.get(template);
  if (!re) {
    const source = template
      .split(/(\{[a-z_]+\})/)
      .map((part) => (/^\{[a-z_]+\}$/.test(part) ? `(?<${part.slice(1, -1)}>.+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`, 's');
    compiled.set(template, re);
  }
  return re;
}

/**
 * The message of an error in the locale. `message` is the throw site's English text; `details` the error's
 * parameters. English keeps the throw site's text; Spanish takes the matching template, or the code's generic words.
 */
export function wordError(code: ErrorCode, message: string, details: Params | undefined, locale: Locale): string {
  if (locale === 'en') return message;
  const base: Params = { ...details };
  if (typeof base.required_role === 'string') base.required_role_es = roleName(base.required_role, locale);
  for (const entry of SPECIFIC[code] ?? []) {
    const m = matcher(entry.en).exec(message);
    if (!m) continue;
    const params: Params = { ...base, ...m.groups };
    if (typeof params.required_role === 'string') params.required_role_es = roleName(params.required_role, locale);
    if (typeof params.role === 'string') params.role = roleName(params.role, locale);
    if (typeof params.problem === 'string') params.problem = phrase(params.problem, locale);
    const text = formatMessage(entry[locale], params);
    if (text !== undefined) return text;
  }
  const generic = genericEntry(code);
  return formatMessage(generic[locale], base) ?? generic[locale];
}

/** A code's generic words: the kernel's catalog, else what the module that defined the code says, else internal's. */
function genericEntry(code: ErrorCode): Entry {
  return (GENERIC as Partial<Record<string, Entry>>)[code] ?? errorSpec(code).words ?? GENERIC.internal;
}

/** The generic words of a code (for messages built without a throw site). */
export const genericMessage = (code: ErrorCode, locale: Locale): string => formatMessage(genericEntry(code)[locale], {}) ?? genericEntry(code)[locale];

/**
 * A JSON Schema (Ajv) issue worded in the locale from its keyword and params, as ajv-i18n does for the keywords a
 * capability schema uses; an unknown keyword keeps Ajv's English message.
 */
export function wordSchemaIssue(keyword: string, params: Params, message: string, locale: Locale): string {
  if (locale === 'en') return message;
  const p = (k: string) => String(params[k] as string | number);
  switch (keyword) {
    case 'required':
      return 'es obligatorio';
    case 'type':
      return `debe ser de tipo ${p('type')}`;
    case 'enum':
      return Array.isArray(params.allowedValues) ? `debe ser uno de: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : 'debe ser uno de los valores permitidos';
    case 'const':
      return `debe ser ${JSON.stringify(params.allowedValue)}`;
    case 'minLength':
      return `debe tener al menos ${p('limit')} caracteres`;
    case 'maxLength':
      return `debe tener como máximo ${p('limit')} caracteres`;
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return `debe ser ${p('comparison')} ${p('limit')}`;
    case 'minItems':
      return `debe tener al menos ${p('limit')} elementos`;
    case 'maxItems':
      return `debe tener como máximo ${p('limit')} elementos`;
    case 'pattern':
      return `debe cumplir el patrón "${p('pattern')}"`;
    case 'format':
      return `debe tener el formato "${p('format')}"`;
    case 'additionalProperties':
      return `no se permite la propiedad adicional ${p('additionalProperty')}`;
    case 'multipleOf':
      return `debe ser múltiplo de ${p('multipleOf')}`;
    case 'uniqueItems':
      return 'no debe repetir elementos';
    default:
      return message;
  }
}
