import type { AreaMessages } from '../i18n.tsx';

/** The words of event topics (the tenant page's history and the outbox's topic filter), in English: a chunk of its own, fetched only when English is chosen. */
export const en: AreaMessages<'events'> = {
  'event.tenant.created': 'Company created',
  'event.product.activated': 'Product activated',
  'event.product.deactivated': 'Product deactivated',
  'event.trial.expiring': 'The trial is about to end',
  'event.trial.expired': 'The trial ended',
  'event.tenant.suspended': 'Company suspended',
  'event.tenant.reactivated': 'Company reactivated',
  'event.tenant.cancelled': 'Company cancelled',
  'event.tenant.updated': 'Company details updated',
  'event.domain.assigned': 'Domain assigned',
  'event.domain.added': 'Domain added',
  'event.domain.verified': 'Domain verified',
  'event.integration.set': 'Integration set',
  'event.invitation.created': 'Invitation sent',
  'event.phone_code.requested': 'Phone code sent',
};
