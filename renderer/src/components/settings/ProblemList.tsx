import type { SettingKey } from '../../../../shared/settings';
import { labelOf } from './setting-fields';

/** "Nothing was saved: 3 fields need fixing", each a link to its field (where the reason is shown). */
export function ProblemList({ keys, onFocus }: { keys: SettingKey[]; onFocus: (key: SettingKey) => void }) {
  if (keys.length === 0) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="settings-problems">
      <div className="banner-body">
        <strong className="banner-title">
          {keys.length === 1 ? 'One field needs' : `${keys.length} fields need`} fixing before the settings can be saved
        </strong>
        <ul className="problem-links">
          {keys.map((key) => (
            <li key={key}>
              <a
                href={`#setting-${key}`}
                data-testid={`settings-problem-${key}`}
                onClick={(e) => {
                  // Not a route: the hash router must not see it; focus the field instead.
                  e.preventDefault();
                  onFocus(key);
                }}
              >
                {labelOf(key)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
