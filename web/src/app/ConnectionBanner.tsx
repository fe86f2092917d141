import { useConnectionStatus } from '../lib/connection';
import { Icon } from '../ui/icons';

/** "Connection lost" while the server is unreachable, "Back online" for a few seconds after. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  return (
    <div className="banner-slot" aria-live="polite">
      {status === 'lost' ? (
        <div className="banner banner-offline" role="alert">
          <Icon name="wifiOff" size={16} />
          <span>
            <strong>Connection lost.</strong> Trying to reconnect… Changes may not be saved until it is back.
          </span>
        </div>
      ) : status === 'restored' ? (
        <div className="banner banner-online" role="status">
          <Icon name="wifi" size={16} />
          <span>
            <strong>Back online.</strong> Everything is up to date.
          </span>
        </div>
      ) : null}
    </div>
  );
}
