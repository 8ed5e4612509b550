import { lazy, Suspense, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError, UserMessage } from './api/api-error.ts';
import { CALLBACK_PATH } from './auth/oidc-sign-in.ts';
import { loadProfile, type Profile, type RoleChoice, type StaffProfile } from './auth/profile.ts';
import { cachedProfile, cacheProfile } from './auth/profile-cache.ts';
import { ProfileProvider, useSession } from './auth/session.tsx';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { LoadView } from './components/load-view.tsx';
import { Loading } from './components/loading.tsx';
import { SignInCallback } from './features/sign-in/sign-in-callback.tsx';
import { SignInPage } from './features/sign-in/sign-in-page.tsx';
import { RoleChooser } from './features/shell/role-chooser.tsx';
import { AppShell } from './features/shell/app-shell.tsx';
import { useLoad } from './hooks/use-load.ts';

// Each kind of user loads only their part of the app.
const ClinicianRoutes = lazy(() => import('./features/clinician/clinician-routes.tsx'));
const PortalRoutes = lazy(() => import('./features/portal/portal-routes.tsx'));
const SecurityRoutes = lazy(() => import('./features/security/security-routes.tsx'));

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/logg-inn" element={<SignInPage />} />
      <Route path={CALLBACK_PATH} element={<SignInCallback />} />
      <Route path="*" element={<SignedIn />} />
    </Routes>
  );
}

function SignedIn() {
  const { token } = useSession();
  const location = useLocation();
  if (!token) {
    const target = `${location.pathname}${location.search}`;
    return <Navigate to={`/logg-inn${target === '/' ? '' : `?til=${encodeURIComponent(target)}`}`} replace />;
  }
  return <ProfileGate token={token} />;
}

/** Who is this, acting for which unit in which role (staff) or for whom (citizens)? Then their screens. */
function ProfileGate({ token }: { token: string }) {
  const { client, claims } = useSession();
  const [chosen, setChosen] = useState<StaffProfile | undefined>();
  const profile = useLoad(async (): Promise<Profile | RoleChoice> => {
    if (!claims) throw new UserMessage('Innloggingen mangler opplysninger. Logg inn på nytt.');
    const cached = cachedProfile(token);
    if (cached) return cached;
    const loaded = await loadProfile(client, claims);
    if (loaded.kind !== 'choose-role') cacheProfile(token, loaded);
    return loaded;
  }, [token]);
  // The server names no role for this sign-in (no unit in the token, several roles): only a new sign-in can.
  if (
    profile.status === 'error' &&
    profile.error instanceof ApiError &&
    profile.error.code === 'AKS_ERR_ACCESS_UNIT'
  )
    return <RoleChooser name={claims?.name ?? ''} roles={[]} />;
  return (
    <LoadView state={profile} label="Henter brukeropplysninger">
      {(p) =>
        p.kind === 'choose-role' && !chosen ? (
          <RoleChooser
            name={p.name}
            roles={p.roles}
            onChoose={(role) => {
              cacheProfile(token, role);
              setChosen(role);
            }}
          />
        ) : (
          <SignedInScreens profile={p.kind === 'choose-role' ? (chosen as StaffProfile) : p} />
        )
      }
    </LoadView>
  );
}

function SignedInScreens({ profile: p }: { profile: Profile }) {
  const location = useLocation();
  return (
    <ProfileProvider value={p}>
      <AppShell>
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Loading label="Laster" />}>
            {p.kind === 'citizen' ? (
              <PortalRoutes />
            ) : p.securityOfficer ? (
              <SecurityRoutes />
            ) : (
              <ClinicianRoutes />
            )}
          </Suspense>
        </ErrorBoundary>
      </AppShell>
    </ProfileProvider>
  );
}
