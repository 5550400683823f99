import type { AppInfo } from '../../../shared/domain';
import { ErrorDetails } from './ErrorBanner';

/**
 * Says so when no system keychain answered and the Square sign-in and keys are kept in a file in the data folder
 * instead: fine on a server the owner controls, worth knowing on a shared computer.
 */
export function SecretStoreBanner({ info }: { info: AppInfo | undefined }) {
  const store = info?.secretStore;
  if (store?.kind !== 'file' || !store.warning) return null;
  return (
    <div className="banner banner-warning" role="status" data-testid="secret-store-banner">
      <div className="banner-body">
        <strong className="banner-title">Secrets are kept in a file on this computer</strong>
        <span>
          {store.warning} Anyone who can read the data folder ({info!.dataDir}) can read them: keep it to your own user
          account, or start the system keychain and restart the app.
        </span>
        {store.detail ? <ErrorDetails detail={store.detail} /> : null}
      </div>
    </div>
  );
}
