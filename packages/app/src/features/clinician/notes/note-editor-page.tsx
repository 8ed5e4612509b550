import { ICPC2_SYSTEM } from '@akson/clinical';
import type { Composition, Condition } from '@medplum/fhirtypes';
import { Fragment, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api/api-error.ts';
import type { StaffProfile } from '../../../auth/profile.ts';
import { useClient, useProfile } from '../../../auth/session.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Field } from '../../../components/field.tsx';
import { LoadView } from '../../../components/load-view.tsx';
import { usePageTitle } from '../../../components/page-title.tsx';
import { useLoad } from '../../../hooks/use-load.ts';
import { formatDateTime } from '../../../text/format.ts';
import { DiagnosisPicker } from '../codes/diagnosis-picker.tsx';
import { usePatient } from '../patient/patient-context.tsx';
import { NoteConflictDialog } from './note-conflict-dialog.tsx';
import {
  compositionOf,
  draftOf,
  NOTE_STATUS_TEXT,
  sameDraft,
  templateCodeOf,
  type DraftDiagnosis,
  type NoteDraft,
} from './note-model.ts';
import { loadNoteTemplates, type NoteTemplate } from './note-templates.ts';

interface Loaded {
  readonly templates: NoteTemplate[];
  readonly note: Composition | undefined;
  readonly etag: string | undefined;
}

/** Write, save as draft, sign, and correct a journal note built from the service's template. */
export function NoteEditorPage() {
  const { noteId } = useParams();
  usePageTitle(noteId ? 'Notat' : 'Nytt notat');
  const { patientId } = usePatient();
  const client = useClient();
  const loaded = useLoad(
    async (signal): Promise<Loaded> => {
      const [templates, note] = await Promise.all([
        loadNoteTemplates(client, signal, noteId !== undefined),
        noteId ? client.read<Composition>('Composition', noteId, signal) : undefined,
      ]);
      return { templates, note: note?.resource, etag: note?.etag };
    },
    [patientId, noteId],
  );
  return (
    <LoadView state={loaded} label="Henter notatet">
      {(data) => (
        <NoteEditor key={`${noteId ?? 'new'}-${data.etag ?? ''}`} loaded={data} patientId={patientId} />
      )}
    </LoadView>
  );
}

function NoteEditor({ loaded, patientId }: { loaded: Loaded; patientId: string }) {
  const client = useClient();
  const profile = useProfile() as StaffProfile;
  const navigate = useNavigate();
  const [note, setNote] = useState(loaded.note);
  const [etag, setEtag] = useState(loaded.etag);
  const [templateCode, setTemplateCode] = useState(
    (loaded.note && templateCodeOf(loaded.note)) ?? loaded.templates[0]?.code ?? '',
  );
  const template = loaded.templates.find((t) => t.code === templateCode);
  const saved: NoteDraft = note ? draftOf(note) : { title: '', sections: {} };
  const [draft, setDraft] = useState<NoteDraft>(saved);
  const [correcting, setCorrecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [conflict, setConflict] = useState<
    | { theirs: Composition; theirsEtag: string | undefined; status: 'preliminary' | 'final' | 'amended' }
    | undefined
  >();
  const [triedSign, setTriedSign] = useState(false);

  const signed = note?.status === 'final' || note?.status === 'amended';
  const withdrawn = note?.status === 'entered-in-error';
  const editable = !withdrawn && (!signed || correcting);
  const dirty = !sameDraft(draft, saved);
  const missingRequired =
    template?.sections.filter((s) => s.required && !(draft.sections[s.code] ?? '').trim()) ?? [];
  // A signed consultation names its diagnosis as an ICPC-2 Condition (the server refuses to sign without it).
  const missingDiagnosis =
    template?.sections.filter((s) => s.entry === 'diagnosis' && s.required && !draft.diagnoses?.[s.code]) ??
    [];

  /** Writes the Condition of each chosen diagnosis not yet written, and returns the draft pointing at them. */
  const withWrittenDiagnoses = async (from: NoteDraft): Promise<NoteDraft> => {
    const diagnoses: Record<string, DraftDiagnosis | undefined> = { ...from.diagnoses };
    for (const [section, d] of Object.entries(diagnoses)) {
      if (!d || d.reference) continue;
      const condition: Condition = {
        resourceType: 'Condition',
        clinicalStatus: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
        },
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                code: 'encounter-diagnosis',
              },
            ],
          },
        ],
        code: { coding: [{ system: ICPC2_SYSTEM, code: d.code, display: d.display }], text: d.display },
        subject: { reference: `Patient/${patientId}` },
        ...(note?.encounter ? { encounter: note.encounter } : {}),
        recordedDate: new Date().toISOString(),
        recorder: { reference: `PractitionerRole/${profile.roleId}` },
      };
      const written = await client.create(condition);
      diagnoses[section] = { ...d, reference: `Condition/${written.resource.id}` };
    }
    return { ...from, diagnoses };
  };

  const save = async (status: 'preliminary' | 'final' | 'amended', overEtag = etag) => {
    if (!template) return;
    if (status !== 'preliminary') setTriedSign(true);
    if (status !== 'preliminary' && (missingRequired.length > 0 || missingDiagnosis.length > 0)) return;
    if (status === 'amended' && reason.trim().length < 5) return;
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    let current: NoteDraft;
    try {
      current = await withWrittenDiagnoses(draft);
    } catch (err) {
      setError(err as Error);
      setBusy(false);
      return;
    }
    if (current !== draft) setDraft(current);
    const resource = compositionOf(
      note,
      template,
      current,
      status,
      { patientId, roleId: profile.roleId, unitId: profile.unitId },
      status === 'amended' ? reason.trim() : undefined,
    );
    try {
      const result = note?.id ? await client.update(resource, overEtag) : await client.create(resource);
      setNote(result.resource);
      setEtag(result.etag);
      setDraft(draftOf(result.resource));
      setCorrecting(false);
      setReason('');
      setMessage(
        status === 'preliminary'
          ? 'Utkastet er lagret.'
          : status === 'final'
            ? 'Notatet er signert.'
            : 'Rettelsen er signert.',
      );
      if (!note?.id && result.resource.id)
        navigate(`/pasient/${patientId}/notater/${result.resource.id}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.isConflict && note?.id) {
        const latest = await client.read<Composition>('Composition', note.id);
        setConflict({ theirs: latest.resource, theirsEtag: latest.etag, status });
      } else setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  if (!template)
    return (
      <div className="alert alert--error" role="alert">
        <p>Fant ingen notatmal for tjenesten din. Kontakt systemansvarlig.</p>
      </div>
    );

  return (
    <section aria-labelledby="note-title">
      <div className="page-header">
        <h2 id="note-title">{note ? (note.title ?? 'Notat') : 'Nytt notat'}</h2>
        {note ? (
          <span
            className={`badge ${note.status === 'preliminary' ? 'badge--warning' : 'badge--ok'}`}
            data-testid="note-status"
          >
            {NOTE_STATUS_TEXT[note.status ?? ''] ?? note.status}
          </span>
        ) : null}
      </div>
      {note ? (
        <p className="small muted">
          Sist lagret {formatDateTime(note.meta?.lastUpdated ?? note.date)} (versjon{' '}
          {note.meta?.versionId ?? '1'})
          {note.attester?.length
            ? ` · signert av ${note.attester.map((a) => `${a.party?.display ?? 'ukjent'} ${formatDateTime(a.time)}`).join(', ')}`
            : ''}
        </p>
      ) : null}
      {message ? (
        <div className="alert alert--success" role="status">
          <p>{message}</p>
        </div>
      ) : null}
      {withdrawn ? (
        <div className="alert alert--warning" role="status">
          <p>Notatet er markert som feilført og kan ikke endres.</p>
        </div>
      ) : null}
      <form
        className="card stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save(correcting ? 'amended' : 'preliminary');
        }}
      >
        {!note ? (
          <Field label="Notatmal">
            {(props) => (
              <select {...props} value={templateCode} onChange={(e) => setTemplateCode(e.target.value)}>
                {loaded.templates.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <p>
            <strong>Mal:</strong> {template.title}
          </p>
        )}
        <Field label="Tittel" hint={`Tom tittel gir «${template.title}».`}>
          {(props) => (
            <input
              {...props}
              type="text"
              name="title"
              value={draft.title}
              readOnly={!editable}
              onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
            />
          )}
        </Field>
        {template.sections.map((s) => (
          <Fragment key={s.code}>
            <Field
              label={`${s.title}${s.required ? ' (påkrevd for signering)' : ''}`}
              hint={s.hint}
              error={
                triedSign && s.required && !(draft.sections[s.code] ?? '').trim()
                  ? `Fyll inn ${s.title.toLowerCase()}.`
                  : undefined
              }
            >
              {(props) => (
                <textarea
                  {...props}
                  name={`section-${s.code}`}
                  value={draft.sections[s.code] ?? ''}
                  readOnly={!editable}
                  onChange={(e) =>
                    setDraft((d) => ({ ...d, sections: { ...d.sections, [s.code]: e.target.value } }))
                  }
                />
              )}
            </Field>
            {s.entry === 'diagnosis' ? (
              <DiagnosisPicker
                label={`Diagnose (${s.title.toLowerCase()})`}
                value={draft.diagnoses?.[s.code]}
                readOnly={!editable}
                error={
                  triedSign && s.required && !draft.diagnoses?.[s.code]
                    ? 'Velg en ICPC-2-diagnose før du signerer.'
                    : undefined
                }
                onChange={(d) =>
                  setDraft((x) => ({
                    ...x,
                    diagnoses: {
                      ...x.diagnoses,
                      [s.code]: d ? { code: d.code, display: d.display } : undefined,
                    },
                  }))
                }
              />
            ) : null}
          </Fragment>
        ))}
        {correcting ? (
          <Field
            label="Begrunnelse for rettelsen"
            hint="Påkrevd. Den opprinnelige versjonen blir stående i historikken."
            error={triedSign && reason.trim().length < 5 ? 'Skriv en begrunnelse (minst 5 tegn).' : undefined}
          >
            {(props) => (
              <textarea
                {...props}
                name="correction-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        {dirty && editable ? (
          <p className="small muted" role="status">
            Ulagrede endringer.
          </p>
        ) : null}
        <div className="form-actions">
          {!signed && !withdrawn ? (
            <>
              <button type="submit" className="button" disabled={busy}>
                Lagre utkast
              </button>
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => void save('final')}
              >
                Signer
              </button>
            </>
          ) : null}
          {signed && !correcting ? (
            <button type="button" className="button" onClick={() => setCorrecting(true)}>
              Rett notatet
            </button>
          ) : null}
          {correcting ? (
            <>
              <button type="submit" className="button button--primary" disabled={busy}>
                Signer rettelsen
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setCorrecting(false);
                  setDraft(saved);
                }}
              >
                Avbryt rettelsen
              </button>
            </>
          ) : null}
          <Link className="button" to={`/pasient/${patientId}/notater`}>
            Tilbake til notatene
          </Link>
        </div>
      </form>
      {conflict ? (
        <NoteConflictDialog
          mine={draft}
          theirs={conflict.theirs}
          template={template}
          onKeepMine={() => {
            const theirsEtag = conflict.theirsEtag;
            const theirsSigned = conflict.theirs.status !== 'preliminary';
            setConflict(undefined);
            setNote(conflict.theirs);
            setEtag(theirsEtag);
            if (theirsSigned) {
              // A signed note is corrected, not overwritten: continue as a correction with my text.
              setCorrecting(true);
              setMessage(
                'Notatet ble signert av en annen. Teksten din er beholdt som en rettelse; oppgi begrunnelse og signer.',
              );
            } else void save(conflict.status, theirsEtag);
          }}
          onUseTheirs={() => {
            setConflict(undefined);
            setNote(conflict.theirs);
            setEtag(conflict.theirsEtag);
            setDraft(draftOf(conflict.theirs));
            setCorrecting(false);
            setMessage('Du ser nå den nyeste versjonen. Endringene dine ble forkastet.');
          }}
          onCancel={() => setConflict(undefined)}
        />
      ) : null}
    </section>
  );
}
