import type { Composition } from '@medplum/fhirtypes';
import { Dialog } from '../../../components/dialog.tsx';
import { formatDateTime } from '../../../text/format.ts';
import { draftOf, NOTE_STATUS_TEXT, type NoteDraft } from './note-model.ts';
import type { NoteTemplate } from './note-templates.ts';

/**
 * Someone else saved the note after this clinician opened it. Nothing was overwritten: the dialog shows both
 * versions side by side and the clinician chooses. Keeping one's own text is an informed choice; the other
 * version stays in the note's history.
 */
export function NoteConflictDialog({
  mine,
  theirs,
  template,
  onKeepMine,
  onUseTheirs,
  onCancel,
}: {
  mine: NoteDraft;
  theirs: Composition;
  template: NoteTemplate;
  onKeepMine: () => void;
  onUseTheirs: () => void;
  onCancel: () => void;
}) {
  const their = draftOf(theirs);
  const changed = template.sections.filter(
    (s) => (their.sections[s.code] ?? '') !== (mine.sections[s.code] ?? ''),
  );
  const theirsSigned = theirs.status !== 'preliminary';
  return (
    <Dialog open title="Notatet er endret av en annen" onClose={onCancel} mustChoose>
      <div data-testid="conflict-dialog">
        <p>
          Mens du skrev, lagret noen andre en ny versjon av notatet (
          {formatDateTime(theirs.meta?.lastUpdated)}, {NOTE_STATUS_TEXT[theirs.status ?? ''] ?? theirs.status}
          ). Ingen endringer er overskrevet. Velg hva som skal gjelde.
        </p>
        {changed.length === 0 ? (
          <p>Tekstene er like; forskjellen gjelder bare tittel eller status.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>Forskjeller</caption>
              <thead>
                <tr>
                  <th scope="col">Del</th>
                  <th scope="col">Den nye versjonen</th>
                  <th scope="col">Din tekst</th>
                </tr>
              </thead>
              <tbody>
                {changed.map((s) => (
                  <tr key={s.code}>
                    <th scope="row">{s.title}</th>
                    <td className="note-text">{their.sections[s.code] || '(tom)'}</td>
                    <td className="note-text">{mine.sections[s.code] || '(tom)'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="button button--primary" onClick={onKeepMine}>
            {theirsSigned ? 'Lagre teksten min som rettelse' : 'Behold min tekst og lagre'}
          </button>
          <button type="button" className="button" onClick={onUseTheirs}>
            Bruk den nye versjonen
          </button>
          <button type="button" className="button button--link" onClick={onCancel}>
            Fortsett å redigere
          </button>
        </div>
      </div>
    </Dialog>
  );
}
