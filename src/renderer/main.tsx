import './styles/base.css';
import './styles/domains.css';
import './styles/dialogs.css';
import './styles/smtp.css';
import './styles/guard.css';
import './styles/mail.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shell/App';
import { api } from './shell/api';
import { connectAppCommands } from './shell/session';
import { setSystemClipboardClear } from './ui/clipboard';

setSystemClipboardClear(async (secret, afterMs) => {
  const result = await api.clearClipboardLater({ secret, afterMs });
  return result.ok && result.value.scheduled;
});

// Before the first render: commands sent as the page loads are heard.
connectAppCommands();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
