import type { Channel } from '../../shared/contract';

/** The channels whose answer depends on the account in use. */
export const ACCOUNT_CHANNELS = [
  'domains:list',
  'domains:add',
  'dns:check',
  'dns:latest',
  'dns:history',
  'dns:run',
  'account:get',
  'domains:verify',
  'domains:delete',
  'smtp:list',
  'smtp:create',
  'smtp:reset-password',
  'smtp:delete',
  'smtp:set-note',
  'usage:get',
  'guard:get',
  'usage:export-csv',
  'revocation:list',
  'smtp:recreate',
  'monitor:status',
  'monitor:run',
  'monitor:alerts',
  'dns:timeline',
  'ip:check',
  'ip:latest',
  'connection:get',
] as const satisfies readonly Channel[];
export type AccountChannel = (typeof ACCOUNT_CHANNELS)[number];
