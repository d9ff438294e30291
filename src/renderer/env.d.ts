/// <reference types="vite/client" />
import type { KyriosApi } from '../shared/api';

declare global {
  interface Window {
    /** Present in the Electron window (the preload bridge); absent in browser mode. */
    kyrios?: KyriosApi;
  }
}
