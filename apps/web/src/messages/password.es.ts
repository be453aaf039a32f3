import { registerMessages } from '../i18n.tsx';

/** The words of the password pages (forgot, reset) and the profile's password change, in Spanish (Chile): in those chunks, registered when it loads. */
export const es = {
  'forgot.title': 'Restablecer la contraseña',
  'forgot.intro': 'Escriba el correo con que ingresa. Le enviaremos un enlace para elegir una contraseña nueva.',
  'forgot.submit': 'Enviar enlace',
  'forgot.sending': 'Enviando…',
  'forgot.sent': 'Si hay una cuenta con ese correo, le enviamos un enlace para restablecer la contraseña. Revise su bandeja de entrada (y la de spam). El enlace sirve una sola vez.',
  'forgot.back': 'Volver a ingresar',
  'reset.title': 'Elegir una contraseña nueva',
  'reset.intro': 'Al guardarla se cerrarán todas sus sesiones abiertas.',
  'reset.submit': 'Guardar contraseña',
  'reset.saving': 'Guardando…',
  'reset.invalid': 'Este enlace no es válido, ya se usó o venció.',
  'reset.askAgain': 'Pedir un enlace nuevo',
  'password.title': 'Cambiar la contraseña',
  'password.current': 'Contraseña actual',
  'password.new': 'Contraseña nueva',
  'password.repeat': 'Repita la contraseña nueva',
  'password.hint': 'Al menos {n} caracteres.',
  'password.currentRequired': 'Escriba su contraseña actual.',
  'password.currentWrong': 'La contraseña actual no es correcta.',
  'password.newShort': 'La contraseña nueva debe tener al menos {n} caracteres.',
  'password.mismatch': 'La repetición no coincide con la contraseña nueva.',
  'password.same': 'La contraseña nueva debe ser distinta de la actual.',
  'password.othersEnd': 'Sus otras sesiones se cerrarán; esta sigue abierta.',
  'password.submit': 'Cambiar contraseña',
  'password.saving': 'Cambiando…',
  'password.changed': 'Contraseña cambiada. {n, plural, =0 {No había otras sesiones abiertas.} one {Se cerró # otra sesión.} other {Se cerraron # otras sesiones.}}',
};

registerMessages('password', es);
