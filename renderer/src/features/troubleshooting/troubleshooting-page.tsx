import { useEffect } from 'react';
import { WithCode } from '../../shell/with-code';
import { useNav } from '../../stores/nav-store';
import { ENTRIES } from './entries';

/** The known failures of connecting and of S3 on ONTAP, each with symptom, cause and fix; #/troubleshooting/<id> opens one. */
export function TroubleshootingPage({ focus }: { focus: string | null }) {
  const go = useNav((s) => s.go);
  useEffect(() => {
    if (focus) document.getElementById(`trouble-${focus}`)?.scrollIntoView({ block: 'start' });
  }, [focus]);
  return (
    <section className="page" data-testid="page-troubleshooting" aria-labelledby="page-title">
      <nav className="crumbs" aria-label="Breadcrumb">
        <a href="#/storage">Storage</a> › Troubleshooting
      </nav>
      <h1 id="page-title">Troubleshooting</h1>
      <p className="lead">
        What usually goes wrong between a workstation, an ONTAP cluster and its S3 server — what you see, why, and what to do.
      </p>
      <ul className="toc">
        {ENTRIES.map((e) => (
          <li key={e.id}>
            <a href={`#/troubleshooting/${e.id}`}>{e.title}</a>
          </li>
        ))}
      </ul>
      {ENTRIES.map((e) => (
        <article
          key={e.id}
          id={`trouble-${e.id}`}
          className={`card trouble${focus === e.id ? ' trouble-focus' : ''}`}
          data-testid={`trouble-${e.id}`}
          aria-current={focus === e.id ? 'true' : undefined}
        >
          <h2>{e.title}</h2>
          <dl className="trouble-parts">
            <dt>What you see</dt>
            <dd>{e.symptom}</dd>
            <dt>Why</dt>
            <dd>{e.cause}</dd>
            <dt>What to do</dt>
            <dd>
              <ol>
                {e.fix.map((f) => (
                  <li key={f}>
                    <WithCode text={f} />
                  </li>
                ))}
              </ol>
            </dd>
          </dl>
        </article>
      ))}
      <button
        type="button"
        className="button-secondary"
        onClick={() => (window.history.length > 1 ? window.history.back() : go('storage'))}
      >
        Back
      </button>
    </section>
  );
}
