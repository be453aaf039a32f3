import { registerMessages } from '../i18n.tsx';

/** The words of event topics (the tenant page's history and the outbox's topic filter), in Spanish (Chile): in the chunks of those two pages, registered when it loads. */
export const es = {
  'event.tenant.created': 'Empresa creada',
  'event.product.activated': 'Producto activado',
  'event.product.deactivated': 'Producto desactivado',
  'event.trial.expiring': 'La prueba está por terminar',
  'event.trial.expired': 'La prueba terminó',
  'event.tenant.suspended': 'Empresa suspendida',
  'event.tenant.reactivated': 'Empresa reactivada',
  'event.tenant.cancelled': 'Empresa cancelada',
  'event.tenant.updated': 'Datos de la empresa actualizados',
  'event.domain.assigned': 'Dominio asignado',
  'event.domain.added': 'Dominio agregado',
  'event.domain.verified': 'Dominio verificado',
  'event.integration.set': 'Integración configurada',
  'event.invitation.created': 'Invitación enviada',
  'event.phone_code.requested': 'Código de teléfono enviado',
};

registerMessages('events', es);
