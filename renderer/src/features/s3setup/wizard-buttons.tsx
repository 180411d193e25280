/** Back and Next at the foot of a step; Next submits the step's form, so Enter in any field moves on. */
export function WizardButtons({
  back,
  nextLabel,
  nextDisabled = false,
  busy = false,
}: {
  back: (() => void) | null;
  nextLabel: string | null;
  nextDisabled?: boolean;
  busy?: boolean;
}) {
  return (
    <div className="wizard-buttons">
      {back && (
        <button type="button" className="button-secondary" data-testid="wiz-back" onClick={back}>
          Back
        </button>
      )}
      <span className="spacer" />
      {nextLabel && (
        <button type="submit" className="button" data-testid="wiz-next" disabled={nextDisabled || busy}>
          {busy ? 'Working…' : nextLabel}
        </button>
      )}
    </div>
  );
}
