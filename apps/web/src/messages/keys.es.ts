import { registerMessages } from '../i18n.tsx';

/** The words of API keys (the tenant page's section, and the MCP page's key form), in Spanish (Chile): in those pages' chunks, registered when it loads. */
export const es = {
  'keys.title': 'Claves de API',
  'keys.loading': 'Cargando claves…',
  'keys.none': 'No hay claves de API activas.',
  'keys.create': 'Crear una clave',
  'keys.name': 'Nombre de la clave',
  'keys.nameHint': 'Para reconocerla después, por ejemplo «Integración tienda web».',
  'keys.nameRequired': 'Escriba un nombre para la clave.',
  'keys.role': 'Rol de la clave',
  'keys.submit': 'Crear clave',
  'keys.creating': 'Creando…',
  'keys.onceWarning': 'Copie esta clave ahora: no se volverá a mostrar. Guárdela en un lugar seguro.',
  'keys.newKey': 'Clave «{name}»',
  'keys.copy': 'Copiar clave',
  'keys.copied': 'Copiada',
  'keys.lastUsed': 'último uso {date}',
  'keys.neverUsed': 'sin usar',
  'keys.revoke': 'Revocar',
  'keys.revokeLabel': 'Revocar la clave {name}',
  'keys.revokeConfirm': '¿Revocar la clave «{name}»? Lo que la use dejará de funcionar.',
};

registerMessages('keys', es);
