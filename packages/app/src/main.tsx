import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { loadAppConfig } from './auth/app-config.ts';
import { SessionProvider } from './auth/session.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { AppRoutes } from './app-routes.tsx';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
const root = createRoot(container);

loadAppConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <BrowserRouter>
          <SessionProvider config={config}>
            <ErrorBoundary>
              <AppRoutes />
            </ErrorBoundary>
          </SessionProvider>
        </BrowserRouter>
      </StrictMode>,
    ),
  () =>
    root.render(
      <main>
        <div className="alert alert--error" role="alert">
          <p className="alert__title">Akson kunne ikke starte</p>
          <p>Fikk ikke kontakt med serveren. Sjekk nettverksforbindelsen og last siden på nytt.</p>
        </div>
      </main>,
    ),
);
