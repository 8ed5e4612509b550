import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AppIssuer } from '../../auth/app-config.ts';
import { UserMessage } from '../../api/api-error.ts';
import { startSignIn } from '../../auth/oidc-sign-in.ts';
import { useSession } from '../../auth/session.tsx';
import { usePageTitle } from '../../components/page-title.tsx';

const KIND_LABEL: Record<string, string> = {
  personnel: 'helsepersonell',
  citizen: 'innbygger',
};

/**
 * The start page when nobody is signed in. Sign-in happens at the configured issuer (HelseID for staff,
 * ID-porten for citizens; in the demo, the development issuer's page listing the demo users, where staff also
 * choose the unit and role they act for).
 */
export function SignInPage() {
  usePageTitle('Logg inn');
  const { config, endedBecause } = useSession();
  const [params] = useSearchParams();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const returnTo = params.get('til') ?? '/';

  const signIn = (issuer: AppIssuer) => {
    setBusy(true);
    setError(undefined);
    startSignIn(config, issuer, returnTo).catch((err: unknown) => {
      setBusy(false);
      setError(err instanceof Error ? err : new Error(String(err)));
    });
  };

  return (
    <main id="innhold">
      <h1>Akson</h1>
      <p>Felles journal for helse- og omsorgstjenestene i kommunen.</p>
      {endedBecause ? (
        <div className="alert alert--warning" role="status">
          <p>{endedBecause}</p>
        </div>
      ) : null}
      {error ? (
        <div className="alert alert--error" role="alert">
          {error instanceof UserMessage ? (
            <p>{error.message}</p>
          ) : (
            <>
              <p>Fikk ikke kontakt med innloggingstjenesten. Prøv igjen om litt.</p>
              <details>
                <summary>Tekniske detaljer</summary>
                <p className="small">{error.message}</p>
              </details>
            </>
          )}
        </div>
      ) : null}
      {config.issuers.length === 0 ? (
        <div className="alert alert--error" role="alert">
          <p>Ingen innloggingstjeneste er satt opp for denne serveren. Kontakt driftsansvarlig.</p>
        </div>
      ) : (
        <div className="row">
          {config.issuers.map((issuer) => (
            <button
              key={issuer.issuer}
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => signIn(issuer)}
            >
              {config.issuers.length === 1
                ? 'Logg inn'
                : `Logg inn som ${issuer.kinds.map((k) => KIND_LABEL[k] ?? k).join(' eller ')}`}
            </button>
          ))}
        </div>
      )}
      {config.demo ? (
        <p className="muted small">
          Dette er en demo med fiktive personer. Du velger hvem du logger inn som på neste side;
          helsepersonell velger samtidig enheten og rollen de handler for.
        </p>
      ) : null}
    </main>
  );
}
