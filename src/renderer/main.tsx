import './styles/base.css';
import './styles/domains.css';
import './styles/dialogs.css';
import './styles/smtp.css';
import './styles/guard.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { api } from './api';
import { setSystemClipboardClear } from './clipboard';

setSystemClipboardClear(async (secret, afterMs) => {
  const result = await api.clearClipboardLater({ secret, afterMs });
  return result.ok && result.value.scheduled;
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
