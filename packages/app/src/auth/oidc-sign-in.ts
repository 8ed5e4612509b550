import type * as OAuthModule from 'oauth4webapi';
import type { AuthorizationServer, Client } from 'oauth4webapi';
import { UserMessage } from '../api/api-error.ts';
import type { AppConfig, AppIssuer } from './app-config.ts';

// The OAuth library is needed only while signing in: loaded then, not with every screen.
type OAuth = typeof OAuthModule;
const loadOAuth = (): Promise<OAuth> => import('oauth4webapi');

/** Where the issuer sends the browser back to; must start with the server's public URL. */
export const CALLBACK_PATH = '/innlogget';
const PENDING_KEY = 'akson.pending-sign-in';

interface PendingSignIn {
  readonly issuer: string;
  readonly verifier: string;
  readonly state: string;
  readonly returnTo: string;
}

function redirectUri(): string {
  return `${window.location.origin}${CALLBACK_PATH}`;
}

/** Plain http is accepted only for the demo's own issuer (a developer's machine); everything else needs TLS. */
function requestOptions(oauth: OAuth, config: AppConfig, issuer: string): { [key: symbol]: boolean } {
  return config.demo && issuer.startsWith('http:') ? { [oauth.allowInsecureRequests]: true } : {};
}

async function discover(oauth: OAuth, config: AppConfig, issuer: string): Promise<AuthorizationServer> {
  const issuerUrl = new URL(issuer);
  const response = await oauth.discoveryRequest(issuerUrl, {
    algorithm: 'oidc',
    ...requestOptions(oauth, config, issuer),
  });
  return oauth.processDiscoveryResponse(issuerUrl, response);
}

/**
 * Authorization code with PKCE (S256), as a public client: the browser goes to the issuer's sign-in page, and
 * comes back to CALLBACK_PATH with a code. State and verifier wait in sessionStorage (this tab only).
 */
export async function startSignIn(config: AppConfig, issuer: AppIssuer, returnTo: string): Promise<void> {
  const oauth = await loadOAuth();
  const as = await discover(oauth, config, issuer.issuer);
  if (!as.authorization_endpoint) throw new UserMessage('Innloggingstjenesten oppgir ingen innloggingsside.');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const pending: PendingSignIn = { issuer: issuer.issuer, verifier, state, returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid fhirUser');
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  window.location.assign(url.toString());
}

/** Redeems the code the issuer sent back; returns the access token and where the user was going. */
export async function completeSignIn(
  config: AppConfig,
  currentUrl: URL,
): Promise<{ accessToken: string; returnTo: string }> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) throw new UserMessage('Innloggingen ble ikke startet fra denne fanen. Prøv å logge inn på nytt.');
  const pending = JSON.parse(raw) as PendingSignIn;
  const oauth = await loadOAuth();
  const as = await discover(oauth, config, pending.issuer);
  const client: Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(as, client, currentUrl, pending.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    pending.verifier,
    requestOptions(oauth, config, pending.issuer),
  );
  const result = await oauth.processAuthorizationCodeResponse(as, client, response);
  return { accessToken: result.access_token, returnTo: pending.returnTo };
}
