import type { AppInfo } from '../../../shared/domain';
import type { ScreenName } from '../hooks/useHashRoute';
import logoUrl from '../assets/logo.svg';

const NAV: { screen: ScreenName; label: string; icon: string }[] = [
  { screen: 'dashboard', label: 'Dashboard', icon: '◧' },
  { screen: 'invoices', label: 'Invoices', icon: '≣' },
  { screen: 'transactions', label: 'Transactions', icon: '⇅' },
  { screen: 'events', label: 'Failed events', icon: '⚠' },
  { screen: 'export', label: 'Export', icon: '⇪' },
  { screen: 'sync', label: 'Sync', icon: '↻' },
  { screen: 'square', label: 'Square', icon: '▣' },
  { screen: 'webhooks', label: 'Webhooks', icon: '⇄' },
  { screen: 'settings', label: 'Settings', icon: '⚙' },
];

interface Props {
  active: ScreenName;
  onNavigate: (screen: ScreenName) => void;
  info: AppInfo | undefined;
  /** Icons only, with each label kept as the button's accessible name and tooltip. */
  collapsed: boolean;
  onToggle: () => void;
}

export function Sidebar({ active, onNavigate, info, collapsed, onToggle }: Props) {
  return (
    <aside className={`sidebar${collapsed ? ' sidebar-collapsed' : ''}`} data-testid="sidebar" data-collapsed={collapsed}>
      <header className="brand" data-testid="app-header">
        <img className="brand-logo" src={logoUrl} alt="" width={34} height={34} />
        <div className="brand-text">
          <div className="brand-name">{info?.name ?? 'TaxPoynt POS Desk'}</div>
          <div className="brand-info" data-testid="app-info">
            {info ? (
              <>
                <span>v{info.version}</span>
                <span className={`runtime-pill runtime-${info.runtime}`} data-testid="app-runtime">
                  {info.runtime}
                </span>
              </>
            ) : (
              <span>…</span>
            )}
          </div>
        </div>
      </header>
      <nav className="nav" aria-label="Main">
        {NAV.map((item) => (
          <button
            key={item.screen}
            type="button"
            className={`nav-item${active === item.screen ? ' nav-item-active' : ''}`}
            aria-current={active === item.screen ? 'page' : undefined}
            data-testid={`nav-${item.screen}`}
            title={collapsed ? item.label : undefined}
            onClick={() => onNavigate(item.screen)}
          >
            <span className="nav-icon" aria-hidden="true">
              {item.icon}
            </span>
            <span className="nav-label">{item.label}</span>
          </button>
        ))}
      </nav>
      <button
        type="button"
        className="nav-item sidebar-toggle"
        aria-expanded={!collapsed}
        data-testid="sidebar-toggle"
        title={collapsed ? 'Show menu names' : undefined}
        onClick={onToggle}
      >
        <span className="nav-icon" aria-hidden="true">
          {collapsed ? '»' : '«'}
        </span>
        <span className="nav-label">{collapsed ? 'Show menu names' : 'Hide menu names'}</span>
      </button>
      {info ? (
        <div className="sidebar-footer">
          <div>Schema v{info.schemaVersion} · {info.platform}</div>
          <div className="data-dir" title={info.dataDir}>
            {info.dataDir}
          </div>
        </div>
      ) : null}
    </aside>
  );
}
