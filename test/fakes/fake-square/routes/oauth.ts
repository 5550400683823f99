import { createHash } from 'node:crypto';
import { rfc3339Seconds } from '../clock';
import type { Reply, Route, RouteContext } from '../router';
import { ok } from '../router';
import { DEFAULT_SCOPES } from '../tokens';
import { errors, optString, reqString, SquareHttpError } from '../wire';

// OAuth: the seller's permission page (simulated), ObtainToken for the PKCE and code flows, RetrieveTokenStatus.

function errorPage(status: number, message: string): Reply {
  const html = `<!doctype html><html><head><title>Square</title></head><body><h1>Something went wrong</h1><p id="error">${escapeHtml(message)}</p></body></html>`;
  return { kind: 'html', status, html };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function redirectTo(base: string, params: Record<string, string | undefined>): Reply {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { kind: 'redirect', location: url.toString() };
}

function authorize(ctx: RouteContext): Reply {
  const { core, query } = ctx;
  core.authorizeRequests.push({ ...query });
  const clientId = query.client_id;
  if (!clientId) return errorPage(400, 'Missing client_id.');
  const app = core.apps.get(clientId);
  if (!app) return errorPage(400, `Invalid client_id: ${clientId}`);
  // Square only ever redirects to the URL registered for the app; a different redirect_uri is an error page.
  if (query.redirect_uri !== undefined && query.redirect_uri !== app.redirectUri) {
    return errorPage(400, 'The redirect_uri does not match the redirect URL registered for this application.');
  }
  const target = app.redirectUri;
  const state = query.state;
  if (query.code_challenge_method !== undefined && query.code_challenge_method !== 'S256') {
    return redirectTo(target, { error: 'invalid_request', error_description: 'code_challenge_method must be S256', state });
  }
  if (core.login.decision === 'deny') {
    return redirectTo(target, { error: 'access_denied', error_description: 'user_denied', state });
  }
  const merchantId = core.login.merchantId ?? core.state.firstMerchantId();
  if (!merchantId || !core.state.merchants.has(merchantId)) {
    return errorPage(500, 'fake square: no merchant to log in as (addMerchant first, or setLogin({ merchantId }))');
  }
  const scopes = query.scope ? query.scope.split(/[\s+]+/).filter(Boolean) : DEFAULT_SCOPES;
  const code = core.tokens.issueCode({
    clientId,
    merchantId,
    scopes,
    ...(query.code_challenge ? { codeChallenge: query.code_challenge } : {}),
    ...(query.redirect_uri !== undefined ? { redirectUri: query.redirect_uri } : {}),
  });
  return redirectTo(target, { code: code.code, response_type: 'code', state });
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function obtainToken(ctx: RouteContext): Reply {
  const { core, body } = ctx;
  const clientId = reqString(body, 'client_id');
  const grantType = reqString(body, 'grant_type');
  const app = core.apps.get(clientId);
  if (!app) throw errors.unauthorized(`Invalid client_id: ${clientId}`);
  const secret = optString(body, 'client_secret');
  const checkSecret = (): void => {
    if (secret === undefined) throw errors.missing('client_secret');
    if (!app.clientSecret || secret !== app.clientSecret) throw errors.unauthorized('Invalid client_secret.');
  };

  if (grantType === 'authorization_code') {
    const codeValue = reqString(body, 'code');
    const code = core.tokens.codes.get(codeValue);
    if (!code || code.clientId !== clientId) throw errors.unauthorized('Authorization code not found.');
    if (code.used) throw errors.unauthorized('Authorization code has already been redeemed.');
    if (code.expiresAt <= core.clock.now()) throw errors.unauthorized('Authorization code has expired.');
    const verifier = optString(body, 'code_verifier');
    if (code.codeChallenge !== undefined) {
      if (verifier === undefined) throw errors.missing('code_verifier');
      if (s256(verifier) !== code.codeChallenge) {
        throw errors.badRequest('BAD_REQUEST', 'The code_verifier does not match the code_challenge.', 'code_verifier');
      }
    } else {
      checkSecret();
    }
    const redirectUri = optString(body, 'redirect_uri');
    const expectedRedirect = code.redirectUri;
    if (expectedRedirect !== undefined && redirectUri !== expectedRedirect) {
      throw errors.badRequest(
        redirectUri === undefined ? 'MISSING_REQUIRED_PARAMETER' : 'INVALID_VALUE',
        'redirect_uri must match the redirect_uri sent to the authorize endpoint.',
        'redirect_uri',
      );
    }
    if (expectedRedirect === undefined && redirectUri !== undefined && redirectUri !== app.redirectUri) {
      throw errors.badRequest('INVALID_VALUE', 'redirect_uri does not match the registered redirect URL.', 'redirect_uri');
    }
    code.used = true;
    return ok(core.tokens.issuePair(code.merchantId, clientId, code.scopes, code.codeChallenge !== undefined));
  }

  if (grantType === 'refresh_token') {
    const refreshValue = reqString(body, 'refresh_token');
    const record = core.tokens.tokens.get(refreshValue);
    if (!record || record.kind !== 'refresh' || record.clientId !== clientId) {
      throw errors.unauthorized('Invalid refresh token.');
    }
    if (record.revoked) throw errors.unauthorized('The refresh token has been revoked.');
    if (core.tokens.isExpired(record)) throw errors.unauthorized('The refresh token has expired.');
    if (record.singleUse && record.used) throw errors.unauthorized('The refresh token has already been used.');
    if (!record.singleUse) checkSecret();
    if (record.singleUse) record.used = true;
    const reuse = record.singleUse ? undefined : record;
    return ok(core.tokens.issuePair(record.merchantId, clientId, record.scopes, record.singleUse, reuse));
  }

  if (grantType === 'migration_token') {
    throw errors.badRequest('BAD_REQUEST', 'migration_token is not supported by the fake.', 'grant_type');
  }
  throw errors.badRequest('INVALID_VALUE', `Invalid grant_type: ${grantType}`, 'grant_type');
}

function tokenStatus(ctx: RouteContext): Reply {
  const { auth } = ctx;
  return ok({
    scopes: auth.scopes,
    ...(auth.expiresAt !== undefined ? { expires_at: rfc3339Seconds(auth.expiresAt) } : {}),
    client_id: auth.clientId,
    merchant_id: auth.merchantId,
  });
}

function revokeToken(): Reply {
  // Needs `Authorization: Client APPLICATION_SECRET`, which a PKCE desktop app never has.
  throw new SquareHttpError(401, [
    {
      category: 'AUTHENTICATION_ERROR',
      code: 'UNAUTHORIZED',
      detail: 'RevokeToken requires the application secret (Authorization: Client SECRET); not supported by the fake.',
    },
  ]);
}

export const oauthRoutes: Route[] = [
  { method: 'GET', pattern: '/oauth2/authorize', auth: 'none', handle: authorize },
  { method: 'POST', pattern: '/oauth2/token', auth: 'none', form: true, handle: obtainToken },
  { method: 'POST', pattern: '/oauth2/token/status', auth: 'bearer', handle: tokenStatus },
  { method: 'POST', pattern: '/oauth2/revoke', auth: 'none', handle: revokeToken },
];
