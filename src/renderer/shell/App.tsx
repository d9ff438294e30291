import { lazy, Suspense, useEffect } from 'react';
import { NotificationAlerts } from './NotificationAlerts';
import { Toasts } from '../ui/Toasts';
import { useAppInfo } from './app-info-store';
import { useConnection } from './connection';
import { kyriosAccountActions, useKyriosAccount } from './kyrios-account-store';
import { connectLocation, navActions, routeDomainId, useNav } from './nav-store';
import { connectPushes, loadAppData, useAccountGeneration } from './session';
import { api } from './api';
import { runAppCommand } from './app-commands';
import { useAppDialog } from './app-dialogs';
import { connectShortcuts } from './shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import { CheckedMessageDialog } from './CheckedMessageDialog';
import { AccountsView } from '../accounts/AccountsView';
import { AuditView } from '../accounts/AuditView';
import { DedicatedDomainView } from '../domains/DedicatedDomainView';
import { LimitMeter, LimitWarningBanner } from '../usage/LimitGuard';
import { MainNav } from './MainNav';
import { MonitoringView } from '../monitoring/MonitoringView';
import { OfflineBanner } from './OfflineBanner';
import { RevocationBanner } from '../smtp/RevocationBanner';
import { SettingsView } from '../settings/SettingsView';
import { SmtpSettingsView } from '../smtp/SmtpSettingsView';

// Help carries the README's user part: loaded only when asked for.
const HelpDialog = lazy(() => import('./HelpDialog').then((m) => ({ default: m.HelpDialog })));

/** The desktop app's menu takes the Ctrl/Cmd shortcuts; browser mode's page listens for them. */
const desktop = (): boolean => api.onAppCommand !== undefined;

/** How often the account (today's count, connection) is refreshed in the background. */
const ACCOUNT_REFRESH_MS = 60_000;

function AccountBadge() {
  const info = useAppInfo((s) => s.info);
  const infoError = useAppInfo((s) => s.error);
  const accountName = useKyriosAccount((s) => s.account?.name ?? null);
  const summary = useConnection();
  if (infoError) return <span className="account account-error">{infoError.message}</span>;
  if (!info) return <span className="account">Connecting…</span>;
  const state =
    summary.state === 'online'
      ? 'Connected'
      : summary.state === 'offline'
        ? 'Offline'
        : 'Connecting…';
  const why = summary.state === 'offline' && summary.reason ? `: ${summary.reason}` : '';
  return (
    <span className="account" title={`${info.account.baseUrl}${why}`}>
      <span className={`dot dot-${summary.state}`} aria-hidden="true" />
      <span>
        {accountName ? `${accountName} · ` : ''}
        {info.account.label}
      </span>
      <span className="muted" role="status">
        {' '}
        · {state}
      </span>
    </span>
  );
}

function Screen() {
  const route = useNav((s) => s.route);
  switch (route.page) {
    case 'smtp':
      return <SmtpSettingsView key={route.domainId} domainId={route.domainId} />;
    case 'domains':
      return <DedicatedDomainView selectedId={route.domainId} />;
    case 'monitoring':
      return <MonitoringView />;
    case 'audit':
      return <AuditView />;
    case 'accounts':
      return <AccountsView />;
    case 'settings':
      return <SettingsView />;
  }
}

function Help() {
  const open = useAppDialog((s) => s.open === 'help');
  return open ? (
    <Suspense fallback={null}>
      <HelpDialog />
    </Suspense>
  ) : null;
}

export function App() {
  // After a switch of account the screens start afresh (their effects load its data).
  const generation = useAccountGeneration();

  useEffect(() => {
    loadAppData();
    const stopLocation = connectLocation();
    const stopPushes = connectPushes();
    const timer = setInterval(() => void kyriosAccountActions.load(), ACCOUNT_REFRESH_MS);
    const stopShortcuts = connectShortcuts(window, {
      desktop: desktop(),
      domainOpen: () => routeDomainId(navActions.current()) !== null,
      run: (command) => void runAppCommand(command),
    });
    return () => {
      stopShortcuts();
      stopLocation();
      stopPushes();
      clearInterval(timer);
    };
  }, []);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          // The hash holds the screen; move focus without touching it.
          event.preventDefault();
          document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="topbar">
        <span className="brand">Kyrios Desk</span>
        <MainNav />
        <div className="topbar-right">
          <LimitMeter />
          <AccountBadge />
        </div>
      </header>
      <div className="shell-banners">
        <OfflineBanner />
        <RevocationBanner key={generation} />
        <LimitWarningBanner />
        <NotificationAlerts />
      </div>
      <Screen key={generation} />
      <ShortcutsDialog desktop={desktop()} />
      <CheckedMessageDialog />
      <Help />
      <Toasts />
    </div>
  );
}
