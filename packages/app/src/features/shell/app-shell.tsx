import { useState, type ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { startSignIn } from '../../auth/oidc-sign-in.ts';
import type { Profile } from '../../auth/profile.ts';
import { useProfile, useSession } from '../../auth/session.tsx';

interface NavItem {
  readonly to: string;
  readonly label: string;
  readonly end?: boolean;
}

function navFor(profile: Profile): NavItem[] {
  if (profile.kind === 'citizen') return [];
  if (profile.securityOfficer) return [{ to: '/logggjennomgang', label: 'Logggjennomgang' }];
  const items: NavItem[] = [
    { to: '/', label: 'Arbeidsliste', end: true },
    { to: '/pasientsok', label: 'Finn pasient' },
  ];
  if (profile.service === 'sykehjem' || profile.service === 'hjemmesykepleie')
    items.push({ to: '/utdeling', label: 'Legemiddelrunde' });
  return items;
}

/** Header with the acting person, unit and role, "Bytt enhet" and "Logg ut"; a skip link to the content. */
export function AppShell({ children }: { children: ReactNode }) {
  const profile = useProfile();
  const { config, signOut } = useSession();
  const navigate = useNavigate();
  const [switching, setSwitching] = useState(false);
  const items = navFor(profile);

  const switchUnit = () => {
    // In the demo the unit and role are chosen when signing in, so switching is signing in again.
    const issuer = config.issuers.find((i) => i.kinds.includes('personnel')) ?? config.issuers[0];
    if (!issuer) return;
    setSwitching(true);
    signOut();
    void startSignIn(config, issuer, '/').catch(() => setSwitching(false));
  };

  return (
    <>
      <a className="skip-link" href="#innhold">
        Hopp til innholdet
      </a>
      {config.demo ? (
        <div className="demo-ribbon" role="note">
          Demo: alle personer er fiktive og har syntetiske fødselsnumre.
        </div>
      ) : null}
      <header className="app-header">
        <NavLink to="/" className="app-header__brand">
          Akson{profile.kind === 'citizen' ? ' – min journal' : ''}
        </NavLink>
        {items.length > 0 ? (
          <nav className="app-header__nav" aria-label="Hovedmeny">
            <ul>
              {items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end ?? false}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="app-header__user">
          <div className="app-header__who" data-testid="acting-as">
            <span>{profile.name}</span>
            {profile.kind === 'personnel' ? (
              <span>
                {profile.roleTitle ? `${profile.roleTitle}, ` : ''}
                {profile.unitName}
              </span>
            ) : (
              <span>Innbygger</span>
            )}
          </div>
          {profile.kind === 'personnel' ? (
            <button type="button" className="button button--small" onClick={switchUnit} disabled={switching}>
              Bytt enhet
            </button>
          ) : null}
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              signOut('Du er logget ut.');
              navigate('/logg-inn', { replace: true });
            }}
          >
            Logg ut
          </button>
        </div>
      </header>
      {children}
    </>
  );
}
