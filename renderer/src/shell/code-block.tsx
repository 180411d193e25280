import { Check, Copy } from 'lucide-react';
import { useState } from 'react';

/** A short value (an endpoint, an address) shown as code with a small Copy button beside it. */
export function CopyText({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <span className="copy-text">
      <code>{text}</code>{' '}
      <button type="button" className="button-small" aria-label={`Copy ${label}`} onClick={() => void copy()}>
        {copied ? <Check size={12} aria-hidden /> : <Copy size={12} aria-hidden />} {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}

/** A block of text the user runs elsewhere (a CLI command, a REST call, a snippet), with a Copy button. */
export function CodeBlock({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (no focus, no permission): say so rather than pretend.
      setCopied('failed');
    }
  };
  return (
    <div className="code-block" data-testid={testId}>
      <div className="code-block-head">
        <span className="code-block-label">{label}</span>
        <button type="button" className="button-small" aria-label={`Copy ${label}`} onClick={() => void copy()}>
          {copied === 'yes' ? <Check size={12} aria-hidden /> : <Copy size={12} aria-hidden />}{' '}
          {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Select and copy' : 'Copy'}
        </button>
      </div>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}
