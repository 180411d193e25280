import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEventsAdapter } from './api/events-adapter';
import { AppShell } from './shell/app-shell';
import './styles.css';
import './styles/forms.css';
import './styles/storage.css';
import './styles/s3setup.css';
import './styles/datasets.css';
import './styles/runs.css';

startEventsAdapter();
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AppShell />
  </StrictMode>,
);
