import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { SignOutMutation } from '../features/auth/operations';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { drafts } from '../lib/drafts';
import { hrefFor, type RouteName } from '../lib/router';
import { type SessionUser, sessionStore } from '../lib/session';
import { setThemePreference, type ThemePreference, toggleTheme, useTheme } from '../lib/theme';
import { Icon, type IconName } from '../ui/icons';
import { ConnectionBanner } from './ConnectionBanner';

const NAV: { name: RouteName; label: string; icon: IconName }[] = [
  { name: 'tasks', label: 'Tasks', icon: 'list' },
  { name: 'tags', label: 'Tags', icon: 'tag' },
  { name: 'activity', label: 'Activity', icon: 'activity' },
  { name: 'keys', label: 'API keys', icon: 'key' },
];

export function ThemeToggle() {
  const { theme } = useTheme();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className="icon-button"
      aria-label="Dark mode"
      aria-pressed={dark}
      title={dark ? 'Switch to light mode' : 'Switch to dark mode'}
      onClick={toggleTheme}
    >
      <Icon name={dark ? 'moon' : 'sun'} />
    </button>
  );
}

function AccountMenu({ user }: { user: SessionUser }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const { preference } = useTheme();
  const [, signOut] = useMutation(SignOutMutation);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const initials =
    user.name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase())
      .join('') || '?';

  const doSignOut = async () => {
    setOpen(false);
    await signOut({}).catch(() => undefined);
    drafts.clear();
    sessionStore.signOut();
    window.location.hash = '#/signin';
  };

  return (
    <div className="menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="avatar-button"
        aria-label={`Account: ${user.name}`}
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {initials}
        </span>
      </button>
      <div id={`${id}-menu`} className="menu-panel" hidden={!open}>
        <div className="menu-user">
          <strong>{user.name}</strong>
          <span className="muted small">{user.email}</span>
        </div>
        <fieldset className="menu-theme">
          <legend className="muted small">Theme</legend>
          <div className="segmented segmented-sm">
            {(['system', 'light', 'dark'] as ThemePreference[]).map((p) => (
              <label key={p} className={`segment${preference === p ? ' is-selected' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-theme`}
                  checked={preference === p}
                  onChange={() => setThemePreference(p)}
                />
                <span>{p === 'system' ? 'System' : p === 'light' ? 'Light' : 'Dark'}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <a className="menu-item" href="/graphiql" target="_blank" rel="noopener">
          <Icon name="code" size={16} />
          GraphiQL
          <Icon name="external" size={12} className="muted" />
        </a>
        <button type="button" className="menu-item" onClick={() => void doSignOut()}>
          <Icon name="logout" size={16} />
          Sign out
        </button>
      </div>
    </div>
  );
}

/** Sidebar navigation (a bottom bar on phones), top bar with bell, theme and account. */
export function Shell({
  user,
  route,
  children,
}: {
  user: SessionUser;
  route: RouteName;
  children: ReactNode;
}) {
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <aside className="sidebar">
        <a className="brand" href={hrefFor('tasks')} aria-label="TaskFlow home">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="check" size={16} />
          </span>
          <span className="brand-name">TaskFlow</span>
        </a>
        <nav className="main-nav" aria-label="Main">
          {NAV.map((item) => (
            <a
              key={item.name}
              className="nav-link"
              href={hrefFor(item.name)}
              aria-current={route === item.name ? 'page' : undefined}
            >
              <Icon name={item.icon} />
              <span>{item.label}</span>
            </a>
          ))}
        </nav>
        <div className="sidebar-footer">
          <a className="nav-link" href="/graphiql" target="_blank" rel="noopener">
            <Icon name="code" />
            <span>GraphiQL</span>
          </a>
          <p className="muted small shortcut-hint">
            Press <kbd className="kbd">N</kbd> to add a task
          </p>
        </div>
      </aside>
      <div className="app-main">
        <header className="topbar">
          <a className="brand brand-mobile" href={hrefFor('tasks')} aria-label="TaskFlow home">
            <span className="brand-mark" aria-hidden="true">
              <Icon name="check" size={16} />
            </span>
            <span className="brand-name">TaskFlow</span>
          </a>
          <span className="spacer" />
          <NotificationBell />
          <ThemeToggle />
          <AccountMenu user={user} />
        </header>
        <ConnectionBanner />
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
