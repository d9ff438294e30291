import type { FastifyInstance } from 'fastify';
import { lastUtcDays, nextUtcMidnight, utcDay } from '../clock';
import { DAILY_SEND_LIMIT } from '../limits';
import type { SandboxAppDeps } from './app';
import { intQuery } from './parse';

export function registerAccountRoutes(
  app: FastifyInstance,
  { store, hosts, smtp }: SandboxAppDeps,
): void {
  app.get('/v1/account', (request) => {
    const at = store.now();
    const day = utcDay(at);
    return {
      id: request.account.id,
      name: request.account.name,
      dailyLimit: DAILY_SEND_LIMIT,
      sentToday: store.sending.sentOn(request.account.id, day),
      day,
      resetsAt: nextUtcMidnight(at).toISOString(),
      dedicatedIp: hosts.dedicatedIp,
      smtp,
    };
  });

  app.get('/v1/usage', (request) => {
    const days = intQuery(request.query, 'days', 30, 1, 90);
    const window = lastUtcDays(store.now(), days);
    const report = store.usage.report(request.account.id, window);
    const today = report.days.at(-1) ?? { day: utcDay(store.now()), sent: 0 };
    return {
      dailyLimit: DAILY_SEND_LIMIT,
      today: {
        day: today.day,
        sent: today.sent,
        remaining: Math.max(0, DAILY_SEND_LIMIT - today.sent),
      },
      ...report,
    };
  });

  app.get('/v1/events', (request) => {
    const after = intQuery(request.query, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
    return { events: store.events.list(request.account.id, after) };
  });

  app.get('/v1/conversations', (request) => ({
    messages: store.inbound.list(request.account.id),
  }));
}
