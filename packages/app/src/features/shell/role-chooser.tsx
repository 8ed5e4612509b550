import { useState } from 'react';
import { startSignIn } from '../../auth/oidc-sign-in.ts';
import type { StaffProfile } from '../../auth/profile.ts';
import { useSession } from '../../auth/session.tsx';
import { usePageTitle } from '../../components/page-title.tsx';

/**
 * "Velg enhet og rolle": the sign-in did not say which of the person's roles they act in. With the roles known
 * (the register answered), each is a button; when the server itself refused the sign-in as ambiguous (no unit
 * named, several roles), the unit can only be chosen by signing in again, which the page offers. Nothing is
 * shown or queried for a unit nobody chose.
 */
export function RoleChooser({
  name,
  roles,
  onChoose,
}: {
  name: string;
  roles: readonly StaffProfile[];
  onChoose?: (role: StaffProfile) => void;
}) {
  usePageTitle('Velg enhet og rolle');
  const { config, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const signInAgain = () => {
    const issuer = config.issuers.find((i) => i.kinds.includes('personnel')) ?? config.issuers[0];
    if (!issuer) return;
    setBusy(true);
    setFailed(false);
    signOut();
    startSignIn(config, issuer, '/').catch(() => {
      setBusy(false);
      setFailed(true);
    });
  };
  return (
    <main id="innhold">
      <h1>Velg enhet og rolle</h1>
      <p>
        {name}, du har roller ved flere enheter, og innloggingen sier ikke hvilken du handler for nå.
        Arbeidslister, oppgaver og tilganger gjelder én enhet om gangen.
      </p>
      {roles.length > 0 && onChoose ? (
        <ul className="list" data-testid="role-choices">
          {roles.map((role) => (
            <li key={role.roleId}>
              <button type="button" className="button" onClick={() => onChoose(role)}>
                {role.roleTitle ? `${role.roleTitle}, ` : ''}
                {role.unitName}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>Logg inn på nytt og velg enheten og rollen du skal arbeide i.</p>
      )}
      {failed ? (
        <div className="alert alert--error" role="alert">
          <p>Fikk ikke kontakt med innloggingstjenesten. Prøv igjen om litt.</p>
        </div>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className={`button${roles.length > 0 && onChoose ? '' : ' button--primary'}`}
          disabled={busy}
          onClick={signInAgain}
        >
          Logg inn på nytt og velg enhet
        </button>
      </div>
    </main>
  );
}
