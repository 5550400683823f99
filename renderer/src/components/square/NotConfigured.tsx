/** Without an application ID there is nothing to sign in to: say where it is set. */
export function NotConfigured() {
  return (
    <div className="banner banner-warning setup-banner" role="status" data-testid="square-not-configured">
      <div className="banner-body">
        <strong className="banner-title">Set the Square application ID first</strong>
        <span>
          Connecting signs you in to a Square <em>application</em>: the app needs that application’s ID (production IDs start with{' '}
          <code>sq0idp-</code>, sandbox IDs with <code>sandbox-sq0idb-</code>) and whether it lives in Square’s sandbox or production environment. Enter both under{' '}
          <strong>Settings → Square</strong> (“Square application ID” and “Square environment”), or start the host with{' '}
          <code>SQUARE_APPLICATION_ID</code>.
        </span>
      </div>
      <a className="btn btn-secondary btn-small" href="#/settings" data-testid="square-open-settings">
        Open Settings
      </a>
    </div>
  );
}
