import { defineErrors, ERROR_KINDS, type CodesOf } from '@smarteros/kernel';

/** The identity module's error codes and what its constraints mean. */
export const IDENTITY_ERRORS = defineErrors({
  owner: 'identity',
  codes: {
    last_owner: { ...ERROR_KINDS.conflict, message: 'A tenant must keep at least one owner', words: { en: 'A tenant must keep at least one owner', es: 'La empresa debe conservar al menos un propietario' } },
  },
  unique: {
    users_email_key: ['already_exists', 'A user with this e-mail already exists'],
    memberships_pkey: ['already_exists', 'This person is already a member of the tenant'],
    invitations_open_email_key: ['already_exists', 'This address was invited at the same moment; try again'],
    invitations_open_phone_key: ['already_exists', 'This address was invited at the same moment; try again'],
  },
  checks: {
    api_keys_name_check: 'name',
    api_keys_role_check: 'role',
    invitations_role_check: 'role',
    user_auth_phone_check: 'phone',
    users_phone_check: 'phone',
    invitations_email_check: 'email',
    invitations_phone_check: 'phone',
    invitations_contact_check: 'email',
    memberships_role_check: 'role',
    users_email_check: 'email',
  },
});

declare module '@smarteros/kernel' {
  interface ModuleErrorCodes extends CodesOf<typeof IDENTITY_ERRORS> {}
}
