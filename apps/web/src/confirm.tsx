import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { useI18n } from './i18n.tsx';

export interface ConfirmRequest {
  /** The question, as a person reads it: «¿Eliminar la clave «ci»?». */
  message: string;
  /** What happens, when it is not obvious from the question (a warning: «La prueba no se puede volver a iniciar»). */
  detail?: string;
  /** Irreversible: the person types this (the company's name) before the button goes ahead. */
  typeToConfirm?: string;
  /** The button that goes ahead (default: «Confirmar»). */
  confirmLabel?: string;
  /** Deleting, revoking, ending: the button says so in red. */
  destructive?: boolean;
}

type Confirm = (request: ConfirmRequest | string) => Promise<boolean>;

const ConfirmContext = createContext<Confirm | null>(null);

/**
 * One accessible alert dialog for the whole console (Radix AlertDialog: focus moves into it and stays, Escape
 * cancels, the page behind is inert), asked through useConfirm() where the console used window.confirm.
 */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const [typed, setTyped] = useState('');
  const resolver = useRef<((ok: boolean) => void) | null>(null);

  const confirm = useCallback<Confirm>((req) => {
    resolver.current?.(false);
    setTyped('');
    setRequest(typeof req === 'string' ? { message: req } : req);
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  const close = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setRequest(null);
  };

  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <AlertDialog.Root open={request !== null} onOpenChange={(open) => !open && close(false)}>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="dialog-overlay" />
          <AlertDialog.Content className="dialog">
            <AlertDialog.Title className="dialog-title">{request?.message}</AlertDialog.Title>
            {request?.detail ? (
              <AlertDialog.Description className="dialog-detail">{request.detail}</AlertDialog.Description>
            ) : (
              <AlertDialog.Description className="visually-hidden">{t('confirm.description')}</AlertDialog.Description>
            )}
            {request?.typeToConfirm !== undefined && (
              <div className="field">
                <label htmlFor="confirm-typed">{t('confirm.typeToConfirm', { text: request.typeToConfirm })}</label>
                <input id="confirm-typed" type="text" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
              </div>
            )}
            <div className="dialog-actions">
              <AlertDialog.Cancel className="button secondary" onClick={() => close(false)}>
                {t('confirm.cancel')}
              </AlertDialog.Cancel>
              <AlertDialog.Action
                className={`button ${request?.destructive ? 'danger' : 'primary'}`}
                disabled={request?.typeToConfirm !== undefined && typed.trim() !== request.typeToConfirm}
                onClick={() => close(true)}
              >
                {request?.confirmLabel ?? t('confirm.ok')}
              </AlertDialog.Action>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    </ConfirmContext.Provider>
  );
}

/** Asks the person before an action: resolves true when they confirm, false when they cancel or press Escape. */
export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm outside ConfirmProvider');
  return confirm;
}
