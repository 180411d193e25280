import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startEventsAdapter } from './api/events-adapter';
import { AppShell } from './shell/app-shell';
import './styles.css';

startEventsAdapter();
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AppShell />
  </StrictMode>,
);
