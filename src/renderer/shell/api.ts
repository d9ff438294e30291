import type { KyriosApi } from '../../shared/api';
import { createHttpApi, takeToken } from './http-api';

/** The Electron preload bridge when present, else browser mode's HTTP binding of the same contract. */
export const api: KyriosApi =
  window.kyrios ?? createHttpApi(takeToken(window.location, window.sessionStorage, window.history));
