import { useState } from 'react';

/**
 * The busy flag and error of what a button starts: `run(work)` sets busy and clears the error,
 * runs the work, and keeps what it threw on screen; it resolves true when the work succeeded.
 */
export function useAction(): {
  busy: boolean;
  error: unknown;
  setError(error: unknown): void;
  run(work: () => Promise<unknown>): Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
