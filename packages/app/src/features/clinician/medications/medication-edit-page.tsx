import { ATC_SYSTEM, renderDosage } from '@akson/clinical';
import type { MedicationStatement } from '@medplum/fhirtypes';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/api-error.ts';
import type { Versioned } from '../../../api/fhir-client.ts';
import { useClient } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { todayIso } from '../../../text/format.ts';
import { usePatient } from '../patient/patient-context.tsx';
import { AcknowledgeFindings, acknowledgementsComplete } from './acknowledge-findings.tsx';
import { checkLine, type LineCheck } from './check-line.ts';
import {
  DosageBuilder,
  dosageOf,
  dosageProblems,
  EMPTY_DOSAGE,
  formOfDosage,
  type DosageForm,
} from './dosage-builder.tsx';
import { findingsFrom, withAcknowledgements, type Finding } from './medication-findings.ts';
import { lineView } from '../../medication-list/medication-lines.ts';
import { MedicinePicker, type Medicine } from './medicine-picker.tsx';

/** Add a medicine, or change one line's dosage: the check runs first and serious findings need a reason. */
export function MedicationEditPage() {
  const { statementId } = useParams();
  usePageTitle(statementId ? 'Endre legemiddel' : 'Legg til legemiddel');
  const client = useClient();
  const existing = useLoad(
    async (signal) =>
      statementId
        ? await client.read<MedicationStatement>('MedicationStatement', statementId, signal)
        : undefined,
    [statementId],
  );
  return (
    <LoadView state={existing} label="Henter legemiddellinjen">
      {(loaded) => <MedicationEditor key={loaded?.etag ?? 'new'} existing={loaded} />}
    </LoadView>
  );
}

type Step = 'edit' | 'review';

function MedicationEditor({ existing }: { existing: Versioned<MedicationStatement> | undefined }) {
  const { patientId } = usePatient();
  const client = useClient();
  const navigate = useNavigate();
  const current = existing ? lineView(existing.resource) : undefined;
  const [medicine, setMedicine] = useState<Medicine | undefined>(
    current ? { atc: current.atc ?? '', name: current.name } : undefined,
  );
  const [dosage, setDosage] = useState<DosageForm>(
    () => formOfDosage(existing?.resource.dosage) ?? EMPTY_DOSAGE,
  );
  const [reason, setReason] = useState(existing?.resource.reasonCode?.[0]?.text ?? '');
  const [start, setStart] = useState(existing?.resource.effectivePeriod?.start?.slice(0, 10) ?? todayIso());
  // The version the change is made on: the one opened, or after a conflict the newer one it was rebuilt on.
  const [base, setBase] = useState(existing);
  const [step, setStep] = useState<Step>('edit');
  const [findings, setFindings] = useState<Finding[]>([]);
  const [check, setCheck] = useState<LineCheck | undefined>();
  const [checkNote, setCheckNote] = useState<string | undefined>();
  const [acks, setAcks] = useState<Record<string, string>>({});
  const [showErrors, setShowErrors] = useState(false);
  const [ackAttempts, setAckAttempts] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [conflict, setConflict] = useState<Versioned<MedicationStatement> | undefined>();

  const built = dosageOf(dosage);
  const problems = dosageProblems(built);

  /** The clinician's change (medicine, dosage, use, start) applied to a version of the line. */
  const statement = (on: MedicationStatement | undefined = base?.resource): MedicationStatement => ({
    ...(on ?? {}),
    resourceType: 'MedicationStatement',
    status: on?.status ?? 'active',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: {
      coding: [{ system: ATC_SYSTEM, code: medicine?.atc ?? '', display: medicine?.name }],
      text: medicine?.name,
    },
    dosage: built.map((d, i) => (i === 0 ? { ...d, text: renderDosage(built) } : d)),
    effectivePeriod: { ...on?.effectivePeriod, start },
    dateAsserted: new Date().toISOString(),
    ...(reason.trim() ? { reasonCode: [{ text: reason.trim() }] } : { reasonCode: undefined }),
  });

  const review = async () => {
    setShowErrors(true);
    if (!medicine?.atc || !medicine.name || problems.length > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      // The check, and whether the line is still the version opened: a colleague's change (or stop) since is
      // shown now, before anything is saved over it.
      const [result, latest] = await Promise.all([
        checkLine(client, statement()),
        base?.resource.id
          ? client.read<MedicationStatement>('MedicationStatement', base.resource.id)
          : undefined,
      ]);
      if (latest && latest.etag !== base?.etag) setConflict(latest);
      setCheck(result);
      setFindings(result.findings);
      setCheckNote(result.checked ? undefined : 'Kontrollen kjøres når endringen lagres.');
      setAckAttempts(0);
      setStep('review');
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  const save = async (over = base, seen = findings) => {
    if (!acknowledgementsComplete(seen, acks)) {
      // Say what is missing, at the field, and take the clinician there (WCAG 3.3.1).
      setAckAttempts((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(undefined);
    const acknowledged = seen
      .filter((f) => f.requiresAcknowledgement)
      .map((f) => ({ key: f.key, reason: (acks[f.key] ?? '').trim() }));
    const resource = withAcknowledgements(statement(over?.resource), acknowledged);
    try {
      if (over?.resource.id) await client.update(resource, over.etag);
      else await client.create(resource);
      navigate(`/pasient/${patientId}/legemidler?lagret=1`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'AKS_ERR_MEDICATION_UNACKNOWLEDGED') {
        // The server found serious findings the preview did not show (the list changed meanwhile).
        setFindings(findingsFrom({ issue: err.issues }));
        setCheckNote('Kontrollen ved lagring fant funn som må kvitteres.');
      } else if (err instanceof ApiError && err.isConflict && over?.resource.id) {
        setConflict(await client.read<MedicationStatement>('MedicationStatement', over.resource.id));
      } else setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  /**
   * "Lagre min endring over den nye": the change is rebuilt on the newer version (its status, its stop, its
   * other fields stay as the colleague left them) and checked again against the list as it is now; it is saved
   * at once only when nothing new needs the clinician's attention.
   */
  const rebase = async (latest: Versioned<MedicationStatement>) => {
    setConflict(undefined);
    setBase(latest);
    setBusy(true);
    setError(undefined);
    let result: LineCheck;
    try {
      result = await checkLine(client, statement(latest.resource));
    } catch (err) {
      setError(err as Error);
      setBusy(false);
      return;
    }
    setBusy(false);
    setCheck(result);
    setFindings(result.findings);
    if (result.problems.length > 0 || !acknowledgementsComplete(result.findings, acks)) {
      setCheckNote(
        'Endringen din er lagt på den nye versjonen og kontrollert på nytt. Se gjennom funnene før du lagrer.',
      );
      return;
    }
    await save(latest, result.findings);
  };

  return (
    <section aria-labelledby="med-edit-title">
      <h2 id="med-edit-title">
        {existing ? `Endre ${current?.name ?? 'legemiddel'}` : 'Legg til legemiddel'}
      </h2>
      {step === 'edit' ? (
        <form
          className="card"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void review();
          }}
        >
          {existing ? (
            <p>
              <strong>Legemiddel:</strong> {current?.name} (ATC {current?.atc}). Nå: {current?.dosage}
            </p>
          ) : (
            <MedicinePicker
              value={medicine}
              onChange={setMedicine}
              error={showErrors && !medicine?.atc ? 'Velg et legemiddel.' : undefined}
            />
          )}
          <DosageBuilder form={dosage} onChange={setDosage} showErrors={showErrors} />
          <Field label="Bruksområde" hint="Hva legemiddelet brukes mot, f.eks. «mot smerter».">
            {(props) => (
              <input
                {...props}
                type="text"
                name="reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <Field label="Startdato">
            {(props) => (
              <input
                {...props}
                type="date"
                name="start"
                value={start}
                onChange={(e) => setStart(e.target.value)}
              />
            )}
          </Field>
          {error ? <ErrorMessage error={error} /> : null}
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Kontrollerer …' : 'Kontroller endringen'}
            </button>
            <Link className="button" to={`/pasient/${patientId}/legemidler`}>
              Avbryt
            </Link>
          </div>
        </form>
      ) : (
        <div className="card stack" data-testid="medication-review">
          <p>
            <strong>{medicine?.name}</strong>: {renderDosage(built)}
          </p>
          {checkNote ? <p className="small">{checkNote}</p> : null}
          {check && check.problems.length > 0 ? (
            <div className="alert alert--error" role="alert">
              <p className="alert__title">Endringen kan ikke lagres slik den er</p>
              <ul>
                {check.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {check && check.notAssessed.length > 0 ? (
            <div className="alert alert--warning">
              <p className="alert__title">Ikke alt kunne kontrolleres</p>
              <ul>
                {check.notAssessed.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {findings.length === 0 && check?.checked !== false ? (
            <div className="alert alert--success" role="status">
              <p>
                {check && check.notAssessed.length > 0
                  ? 'I det som kunne kontrolleres, fant kontrollen ingen interaksjoner, allergier, dobbeltforskrivninger eller for høye doser.'
                  : 'Kontrollen fant ingen interaksjoner, allergier, dobbeltforskrivninger eller for høye doser.'}
              </p>
            </div>
          ) : findings.length > 0 ? (
            <AcknowledgeFindings findings={findings} acks={acks} onChange={setAcks} attempts={ackAttempts} />
          ) : null}
          {conflict ? (
            <LineConflict
              latest={conflict}
              onKeepMine={() => void rebase(conflict)}
              onDiscard={() => navigate(`/pasient/${patientId}/legemidler`)}
            />
          ) : null}
          {error ? <ErrorMessage error={error} /> : null}
          <div className="form-actions">
            <button
              type="button"
              className="button button--primary"
              disabled={busy || !!conflict || (check?.problems.length ?? 0) > 0}
              onClick={() => void save()}
            >
              {busy
                ? 'Lagrer …'
                : findings.some((f) => f.requiresAcknowledgement)
                  ? 'Kvitter og lagre'
                  : 'Lagre'}
            </button>
            <button type="button" className="button" onClick={() => setStep('edit')}>
              Tilbake og endre
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * Someone else saved the line after it was opened: what it says now, and the choice. A line that has been stopped
 * (or completed, or marked entered in error) meanwhile is never changed back: the change is refused and why is
 * said, so a colleague's stop cannot be undone by an edit begun before it.
 */
function LineConflict({
  latest,
  onKeepMine,
  onDiscard,
}: {
  latest: Versioned<MedicationStatement>;
  onKeepMine: () => void;
  onDiscard: () => void;
}) {
  const now = lineView(latest.resource);
  const ended = now.state === 'stopped' || now.state === 'completed' || now.state === 'entered-in-error';
  return (
    <div className="alert alert--warning" role="alert" data-testid="medication-conflict">
      <p className="alert__title">
        {ended
          ? 'Linjen er avsluttet av en annen etter at du åpnet den'
          : 'Linjen er endret av en annen etter at du åpnet den'}
      </p>
      <p>
        Nå står det: {now.name}: {now.dosage} ({now.statusText}
        {now.changedBy ? `, endret av ${now.changedBy}` : ''}). Endringen din er ikke lagret.
      </p>
      {ended ? (
        <p>
          En linje som er seponert eller avsluttet, kan ikke endres. Skal pasienten fortsatt bruke
          legemiddelet, legger du det til som en ny linje.
        </p>
      ) : null}
      <div className="form-actions">
        {ended ? null : (
          <button type="button" className="button button--primary" onClick={onKeepMine}>
            Lagre min endring over den nye
          </button>
        )}
        <button type="button" className="button" onClick={onDiscard}>
          {ended ? 'Til legemiddellisten' : 'Forkast min endring'}
        </button>
      </div>
    </div>
  );
}
