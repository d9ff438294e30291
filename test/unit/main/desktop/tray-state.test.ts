import { describe, expect, it } from 'vitest';
import { TOOLTIP_MAX, trayState, type TrayInputs } from '../../../../src/main/desktop/tray-state';
import type { MonitorAlert } from '../../../../src/shared/monitor';

// Times read as the tray shows them; UTC here so the test reads the same on every machine.
const time = (iso: string) => iso.slice(11, 16);

let nextId = 1;
function alert(kind: MonitorAlert['kind'], domain: string | null): MonitorAlert {
  return {
    id: nextId++,
    kind,
    domainId: domain ? `dom_${domain}` : null,
    domain,
    record: null,
    before: null,
    after: null,
    subject: null,
    since: '2026-05-01T09:00:00.000Z',
    resolvedAt: null,
    message: '',
  };
}

const online = { online: true, since: '2026-05-01T08:00:00.000Z' };
const guardAt = (sentToday: number) => ({
  level:
    sentToday >= 1500
      ? ('reached' as const)
      : sentToday >= 1425
        ? ('critical' as const)
        : sentToday >= 1200
          ? ('warning' as const)
          : ('ok' as const),
  sentToday,
  dailyLimit: 1500,
  percent: Math.round((sentToday / 1500) * 1000) / 10,
});
const base: TrayInputs = { alerts: [], connection: online, guard: guardAt(40), pausedUntil: null };

describe('the tray state', () => {
  it('all passing: the normal icon', () => {
    expect(trayState(base, time)).toEqual({
      level: 'passing',
      icon: 'normal',
      headline: 'All domains passing',
      tooltip: 'Kyrios Desk\nAll domains passing',
    });
    // Nothing known yet (the first reads are on their way) is not a problem either.
    expect(trayState({ ...base, connection: null, guard: null }, time).level).toBe('passing');
  });

  it('a domain ready to Verify Now is good news, not a problem', () => {
    const state = trayState({ ...base, alerts: [alert('ready', 'new.test')] }, time);
    expect(state).toMatchObject({ level: 'passing', icon: 'normal' });
    expect(state.tooltip).toBe('Kyrios Desk\nAll domains passing\n1 domain ready to Verify Now');
  });

  it('drift: the attention icon, naming the domains whose records broke', () => {
    const state = trayState(
      {
        ...base,
        alerts: [
          alert('drift', 'shop.test'),
          alert('drift', 'shop.test'),
          alert('drift', 'b.test'),
        ],
      },
      time,
    );
    expect(state).toMatchObject({
      level: 'drift',
      icon: 'attention',
      headline: '3 DNS records broke: shop.test, b.test',
    });
    const many = trayState(
      { ...base, alerts: ['a', 'b', 'c', 'd'].map((d) => alert('drift', `${d}.test`)) },
      time,
    );
    expect(many.headline).toBe('4 DNS records broke: a.test, b.test and 2 more');
  });

  it('the dedicated IP listed or without reverse DNS counts as attention too', () => {
    expect(trayState({ ...base, alerts: [alert('ip_listed', null)] }, time)).toMatchObject({
      level: 'drift',
      icon: 'attention',
      headline: 'The dedicated IP needs attention',
    });
  });

  it('offline: the offline icon, since when', () => {
    const state = trayState(
      { ...base, connection: { online: false, since: '2026-05-01T10:02:00.000Z' } },
      time,
    );
    expect(state).toEqual({
      level: 'offline',
      icon: 'offline',
      headline: 'Offline since 10:02',
      tooltip: 'Kyrios Desk\nOffline since 10:02',
    });
  });

  it('near the daily limit: attention, from 80 % on, and the limit reached', () => {
    expect(trayState({ ...base, guard: guardAt(1199) }, time).level).toBe('passing');
    expect(trayState({ ...base, guard: guardAt(1200) }, time)).toMatchObject({
      level: 'limit',
      icon: 'attention',
      headline: 'Near the daily limit: 1,200 of 1,500 emails (80%)',
    });
    expect(trayState({ ...base, guard: guardAt(1500) }, time).headline).toBe(
      'Daily limit reached: 1,500 of 1,500 emails',
    );
  });

  it('shows the worst state and lists the others under it, worst first', () => {
    const state = trayState(
      {
        alerts: [alert('drift', 'shop.test'), alert('ready', 'new.test')],
        connection: { online: false, since: '2026-05-01T10:02:00.000Z' },
        guard: guardAt(1430),
        pausedUntil: '2026-05-01T11:00:00.000Z',
      },
      time,
    );
    expect(state).toMatchObject({ level: 'limit', icon: 'attention' });
    expect(state.tooltip.split('\n')).toEqual([
      'Kyrios Desk',
      'Near the daily limit: 1,430 of 1,500 emails (95.3%)',
      '1 DNS record broke: shop.test',
      'Offline since 10:02',
      // The rest (ready, paused) does not fit in the 127 characters Windows shows.
    ]);
    expect(state.tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    // Offline and drift together: drift is the worse.
    expect(
      trayState(
        {
          ...base,
          alerts: [alert('drift', 'shop.test')],
          connection: { online: false, since: null },
        },
        time,
      ),
    ).toMatchObject({
      level: 'drift',
      icon: 'attention',
      tooltip: 'Kyrios Desk\n1 DNS record broke: shop.test\nOffline: Kyrios cannot be reached',
    });
  });

  it('says monitoring is paused, and until when', () => {
    expect(trayState({ ...base, pausedUntil: '2026-05-01T11:00:00.000Z' }, time).tooltip).toBe(
      'Kyrios Desk\nAll domains passing\nMonitoring paused until 11:00',
    );
  });

  it('shortens a worst line too long for the tooltip rather than dropping it', () => {
    const long = `${'a'.repeat(60)}.test`;
    const state = trayState(
      { ...base, alerts: [alert('drift', long), alert('drift', `b${long}`)] },
      time,
    );
    expect(state.tooltip.length).toBe(TOOLTIP_MAX);
    expect(state.tooltip).toMatch(/^Kyrios Desk\n2 DNS records broke: a+/);
    expect(state.tooltip.endsWith('…')).toBe(true);
  });
});
