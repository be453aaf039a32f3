import { registerMessages } from '../i18n.tsx';

/** The words of the members section of a tenant's page, in Spanish (Chile): in the tenant page's chunk, registered when it loads. */
export const es = {
  'members.title': 'Personas',
  'members.loading': 'Cargando personas…',
  'members.invite': 'Invitar a una persona',
  'members.channel': 'Enviar la invitación por',
  'members.byEmail': 'Correo',
  'members.byPhone': 'Teléfono',
  'members.email': 'Correo de la persona',
  'members.phone': 'Teléfono de la persona',
  'members.phoneHint': 'Los números chilenos pueden ir sin +56.',
  'members.role': 'Rol',
  'members.send': 'Enviar invitación',
  'members.sending': 'Enviando…',
  'members.sent': 'Invitación enviada a {to}.',
  'members.roleTooHigh': 'No puede invitar con un rol superior al suyo.',
  'members.pending': 'Invitaciones pendientes',
  'members.noPending': 'No hay invitaciones pendientes.',
  'members.expires': 'vence el {date}',
  'members.revoke': 'Revocar',
  'members.revokeLabel': 'Revocar la invitación a {to}',
  'members.revokeConfirm': '¿Revocar la invitación a {to}? El enlace dejará de funcionar.',
  'members.roleOf': 'Rol de {who}',
  'members.remove': 'Quitar',
  'members.saveRole': 'Guardar rol',
  'members.saveRoleLabel': 'Guardar el rol de {who}',
  'members.removeLabel': 'Quitar a {who} de la empresa',
  'members.removeConfirm': '¿Quitar a {who} de esta empresa? Perderá el acceso de inmediato.',
  'members.lastOwner': 'La empresa debe tener al menos un dueño: nombre otro dueño antes de cambiar o quitar a este.',
  'members.forbidden': 'No tiene permiso para cambiar o quitar a esta persona (su rol no alcanza).',
  'members.roleChanged': 'Rol de {who} cambiado a {role}.',
  'members.removed': '{who} ya no es parte de la empresa.',
  'members.superseded': 'Invitación enviada de nuevo a {to}. El enlace anterior dejó de funcionar: solo sirve el más reciente.',
};

registerMessages('members', es);
