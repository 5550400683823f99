import type { SquareClient } from 'square';
import type { ConnectErrorCode } from '../../shared/square';
import { startCallbackServer } from './oauth-callback-server';
import { createPkcePair, createState } from './pkce';
import { squareErrorDetail, classifySquareError } from './square-errors';

// One OAuth authorisation-code + PKCE round trip in the owner's system browser (never an embedded window):
// authorize URL → loopback redirect → state check → code exchange through the SDK.

export interface OAuthFlowOptions {
  applicationId: string;
  authorizeEndpoint: string;
  scopes: readonly string[];
  /** The redirect URL registered with Square: the loopback URL, or an HTTPS relay that forwards to it. */
  redirectUri: string;
  callbackPort: number;
  callbackPath: string;
  timeoutMs: number;
  /** A client without a token: ObtainToken takes no Authorization header. */
  client: SquareClient;
  /** Runs after the exchange and before the browser is answered, so the page tells the whole outcome. */
  onTokens(tokens: ObtainedTokens): Promise<void>;
}

export interface ObtainedTokens {
  accessToken: string;
  refreshToken: string;
  merchantId: string;
  accessTokenExpiresAt: string | null;
  refreshTokenExpiresAt: string | null;
}

export class ConnectError extends Error {
  constructor(
    readonly code: ConnectErrorCode,
    message: string,
    /** Square's own code and detail, for "Details" and the log; never part of the sentence. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

export interface StartedFlow {
  authorizeUrl: string;
  /** Settles once: tokens, or a ConnectError saying why not. */
  result: Promise<ObtainedTokens>;
  cancel(): void;
}

export async function startOAuthFlow(o: OAuthFlowOptions): Promise<StartedFlow> {
  const pkce = createPkcePair();
  const state = createState();
  const server = await startCallbackServer(o.callbackPort, o.callbackPath, state);

  const url = new URL(o.authorizeEndpoint);
  url.searchParams.set('client_id', o.applicationId);
  url.searchParams.set('scope', o.scopes.join(' '));
  url.searchParams.set('session', 'false');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('redirect_uri', o.redirectUri);

  let cancel!: () => void;
  const cancelled = new Promise<never>((_, reject) => {
    cancel = () => reject(new ConnectError('cancelled', 'Connecting to Square was cancelled.'));
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ConnectError('timeout', 'Square sign-in was not completed in time. Press Connect to try again.')),
      o.timeoutMs,
    );
  });

  const run = async (): Promise<ObtainedTokens> => {
    const params = await Promise.race([server.received, cancelled, timedOut]);
    if (params.state !== state) {
      // A callback that is not the answer to our request (replayed or forged): its code must never be used.
      throw new ConnectError('state_mismatch', 'The answer from Square did not match this sign-in. Press Connect to try again.', 'state mismatch');
    }
    if (params.error) {
      throw params.error === 'access_denied'
        ? new ConnectError('denied', 'Access was not granted in Square. Press Connect and choose Allow to connect the shop.')
        : new ConnectError('exchange_failed', 'Square did not finish the sign-in. Press Connect to try again.', `${params.error}${params.errorDescription ? `: ${params.errorDescription}` : ''}`);
    }
    if (!params.code) throw new ConnectError('exchange_failed', 'Square did not finish the sign-in. Press Connect to try again.', 'no authorisation code in the callback');
    try {
      const res = await Promise.race([
        o.client.oAuth.obtainToken({
          clientId: o.applicationId,
          grantType: 'authorization_code',
          code: params.code,
          codeVerifier: pkce.verifier,
          redirectUri: o.redirectUri,
        }),
        cancelled,
      ]);
      if (!res.accessToken || !res.refreshToken || !res.merchantId) {
        throw new ConnectError('exchange_failed', 'Square did not finish the sign-in. Press Connect to try again.', 'ObtainToken answered without access token, refresh token or merchant id');
      }
      return {
        accessToken: res.accessToken,
        refreshToken: res.refreshToken,
        merchantId: res.merchantId,
        accessTokenExpiresAt: res.expiresAt ?? null,
        refreshTokenExpiresAt: res.refreshTokenExpiresAt ?? null,
      };
    } catch (err) {
      if (err instanceof ConnectError) throw err;
      throw classifySquareError(err) === 'network'
        ? new ConnectError('network', 'Square could not be reached to finish connecting. Check the internet connection, then press Connect again.', squareErrorDetail(err))
        : new ConnectError('exchange_failed', 'Square refused the sign-in. Press Connect to try again.', squareErrorDetail(err));
    }
  };

  const result = run().then(async (tokens) => {
    await o.onTokens(tokens);
    return tokens;
  }).then(
    (tokens) => {
      server.respond({ ok: true, message: 'TaxPoynt POS Desk is now connected to your Square account.' });
      return tokens;
    },
    (err: unknown) => {
      server.respond({ ok: false, message: err instanceof Error ? err.message : String(err) });
      throw err;
    },
  );
  void result.finally(() => clearTimeout(timer)).catch(() => undefined);

  return { authorizeUrl: url.toString(), result, cancel };
}
