import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { UserMessage } from '../../api/api-error.ts';
import { completeSignIn } from '../../auth/oidc-sign-in.ts';
import { useSession } from '../../auth/session.tsx';
import { Loading } from '../../components/loading.tsx';
import { usePageTitle } from '../../components/page-title.tsx';

/** Where the issuer sends the browser back: redeem the code, keep the token, go where the user was going. */
export function SignInCallback() {
  usePageTitle('Logger inn');
  const { config, signedIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<Error | undefined>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // a code is single use: never redeem it twice (StrictMode runs effects twice)
    started.current = true;
    completeSignIn(config, new URL(window.location.href)).then(
      ({ accessToken, returnTo }) => {
        signedIn(accessToken);
        navigate(returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/', { replace: true });
      },
      (err: unknown) => setError(err instanceof Error ? err : new Error(String(err))),
    );
  }, [config, signedIn, navigate]);

  return (
    <main id="innhold">
      {error ? (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">Innloggingen mislyktes</p>
          {error instanceof UserMessage ? (
            <p>{error.message}</p>
          ) : (
            <>
              <p>Innloggingen kunne ikke fullføres. Prøv å logge inn på nytt.</p>
              <details>
                <summary>Tekniske detaljer</summary>
                <p className="small">{error.message}</p>
              </details>
            </>
          )}
          <Link to="/logg-inn">Prøv å logge inn på nytt</Link>
        </div>
      ) : (
        <Loading label="Logger inn" />
      )}
    </main>
  );
}
