import { NavLink, Outlet, useNavigate, useParams } from 'react-router';
import type { CitizenProfile, PortalPerson } from '../../auth/profile.ts';
import { useProfile } from '../../auth/session.tsx';
import { Field } from '../../components/field.tsx';
import { ageInYears } from '../../text/format.ts';

const TABS = [
  { to: '', label: 'Oversikt', end: true },
  { to: 'legemidler', label: 'Legemidler' },
  { to: 'vaksiner', label: 'Vaksiner' },
  { to: 'innsyn', label: 'Hvem har sett journalen' },
  { to: 'sperringer', label: 'Sperringer' },
];

function personLabel(p: PortalPerson): string {
  if (p.self) return `${p.name} (meg)`;
  const age = ageInYears(p.birthDate);
  return `${p.name} (${p.relation === 'child' ? 'barn' : 'fullmakt'}${age !== undefined ? `, ${age} år` : ''})`;
}

/** The portal frame: whose record this is (with a switch for parents and holders of power of attorney), tabs. */
export function PortalLayout() {
  const { patientId = '' } = useParams();
  const profile = useProfile() as CitizenProfile;
  const navigate = useNavigate();
  const person = profile.people.find((p) => p.id === patientId);
  return (
    <main id="innhold">
      <div className="page-header">
        <h1>{person?.self === false ? `Journalen til ${person.name}` : 'Min journal'}</h1>
        {profile.people.length > 1 ? (
          <Field label="Vis journalen til">
            {(props) => (
              <select
                {...props}
                name="person"
                value={patientId}
                onChange={(e) => navigate(`/innbygger/${e.target.value}`)}
                data-testid="person-switch"
              >
                {profile.people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {personLabel(p)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      {person && !person.self ? (
        <p className="alert alert--info">
          Du ser journalen som {person.relation === 'child' ? 'forelder' : 'fullmektig'}. Det du ser og endrer
          her, gjelder
          {` ${person.name}`}.
        </p>
      ) : null}
      <nav aria-label="Journal">
        <ul className="tabs">
          {TABS.map((tab) => (
            <li key={tab.label}>
              <NavLink to={`/innbygger/${patientId}${tab.to ? `/${tab.to}` : ''}`} end={tab.end ?? false}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {person ? (
        <Outlet />
      ) : (
        <div className="alert alert--warning" role="alert">
          <p>Du har ikke tilgang til denne journalen.</p>
        </div>
      )}
    </main>
  );
}
