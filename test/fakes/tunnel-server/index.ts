// Test localtunnel server: `const server = await startTunnelServer(); const t = await localtunnel({ port, host: server.url })`.
export { startTunnelServer, TunnelServer } from './server';
export { fetchViaTunnel } from './fetch-via-tunnel';
export type { TunnelFetchInit } from './fetch-via-tunnel';
export { INVALID_SUBDOMAIN_MESSAGE, isValidSubdomain, SUBDOMAIN_RE } from './ids';
export { clientIdFromHost, TUNNEL_DOMAIN } from './host';
export { LANDING_PAGE } from './api';
export type * from './types';
