import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { restoreSession } from './api.ts';
import { ConfirmProvider } from './confirm.tsx';
import { I18nProvider } from './i18n.tsx';
import { queryClient, router } from './routes.tsx';
import './styles.css';

// A new tab (or a reload) gets its access token from the browser's session cookie while the console draws.
void restoreSession();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <ConfirmProvider>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </ConfirmProvider>
      </I18nProvider>
    </StrictMode>,
  );
}
