import { VOLVEN } from '@akson/clinical';
import type { ServiceCode } from '../../directory/service-types.ts';

/**
 * Journal note templates per service (docs/record.md "Documentation"). A template names the note's Volven 9602
 * document type and its sections; the web app builds its forms from these, and the note rule checks that a
 * note's sections belong to its template. Section codes are stable API.
 */
export const NOTE_TEMPLATE_SYSTEM = 'https://akson.no/fhir/CodeSystem/note-template';
export const NOTE_SECTION_SYSTEM = 'https://akson.no/fhir/CodeSystem/note-section';

export interface NoteSection {
  readonly code: string;
  readonly title: string;
  /** What belongs here, shown as the field's help text. */
  readonly hint: string;
  /** Structured entries expected with the section, e.g. the ICPC-2 diagnosis of a GP consultation. */
  readonly entry?: 'reason-for-encounter' | 'diagnosis' | 'vital-signs';
  readonly required?: boolean;
}

export interface NoteTemplate {
  readonly code: string;
  readonly title: string;
  /** Services the template is offered to (empty: all). */
  readonly services: readonly ServiceCode[];
  readonly documentType: { readonly code: string; readonly display: string };
  readonly sections: readonly NoteSection[];
}

const JOURNALNOTAT = { code: 'B02-2', display: 'Journalnotat' } as const;

const section = (
  code: string,
  title: string,
  hint: string,
  extra: Partial<Pick<NoteSection, 'entry' | 'required'>> = {},
): NoteSection => ({ code, title, hint, ...extra });

export const NOTE_TEMPLATES: readonly NoteTemplate[] = [
  {
    code: 'gp-consultation',
    title: 'Konsultasjon hos fastlege',
    services: ['fastlege'],
    documentType: JOURNALNOTAT,
    sections: [
      section('reason', 'Kontaktårsak', 'Hvorfor pasienten kom (ICPC-2 symptom eller plage).', {
        entry: 'reason-for-encounter',
        required: true,
      }),
      section('history', 'Anamnese', 'Sykehistorie og pasientens egen beskrivelse.'),
      section('findings', 'Funn', 'Undersøkelse og målinger.', { entry: 'vital-signs' }),
      section('assessment', 'Vurdering', 'Vurdering og diagnose (ICPC-2).', {
        entry: 'diagnosis',
        required: true,
      }),
      section('plan', 'Tiltak og plan', 'Behandling, resepter, henvisninger, oppfølging.', {
        required: true,
      }),
    ],
  },
  {
    code: 'emergency-note',
    title: 'Legevaktnotat',
    services: ['legevakt'],
    documentType: JOURNALNOTAT,
    sections: [
      section('reason', 'Henvendelsesårsak', 'Hva som skjedde, og hvem som tok kontakt.', {
        entry: 'reason-for-encounter',
        required: true,
      }),
      section('findings', 'Funn', 'Undersøkelse, vitale parametre og NEWS2.', { entry: 'vital-signs' }),
      section('assessment', 'Vurdering', 'Vurdering og diagnose (ICPC-2).', {
        entry: 'diagnosis',
        required: true,
      }),
      section('plan', 'Tiltak', 'Behandling gitt, innleggelse eller hjemreise, beskjed til fastlege.', {
        required: true,
      }),
    ],
  },
  {
    code: 'home-care-visit',
    title: 'Besøksrapport hjemmetjenesten',
    services: ['hjemmesykepleie'],
    documentType: JOURNALNOTAT,
    sections: [
      section('observations', 'Observasjoner', 'Allmenntilstand, målinger, ernæring, hud.', {
        entry: 'vital-signs',
        required: true,
      }),
      section('care-given', 'Utført', 'Tiltak utført etter tiltaksplanen, legemidler gitt.'),
      section('follow-up', 'Oppfølging', 'Hva neste besøk må se etter; beskjed til fastlege.'),
    ],
  },
  {
    code: 'nursing-home-daily',
    title: 'Døgnrapport sykehjem',
    services: ['sykehjem'],
    documentType: JOURNALNOTAT,
    sections: [
      section('observations', 'Observasjoner', 'Allmenntilstand, søvn, ernæring, eliminasjon, smerte.', {
        entry: 'vital-signs',
        required: true,
      }),
      section('care-given', 'Utført', 'Pleie og tiltak utført.'),
      section('follow-up', 'Til neste vakt', 'Det neste vakt må vite.'),
    ],
  },
  {
    code: 'health-station-consultation',
    title: 'Konsultasjon på helsestasjon',
    services: ['helsestasjon', 'skolehelsetjeneste', 'jordmor'],
    documentType: JOURNALNOTAT,
    sections: [
      section('reason', 'Kontakt', 'Konsultasjon i programmet eller ekstra kontakt, og hvorfor.', {
        required: true,
      }),
      section('growth', 'Vekst og utvikling', 'Lengde, vekt, hodeomkrets, utvikling.'),
      section('vaccination', 'Vaksinasjon', 'Vaksiner gitt eller utsatt.'),
      section('family', 'Familie og omsorg', 'Samspill og familiesituasjon.'),
      section('plan', 'Plan', 'Neste kontakt, henvisninger.'),
    ],
  },
  {
    code: 'physio-assessment',
    title: 'Fysioterapivurdering',
    services: ['fysioterapi'],
    documentType: { code: 'A05-2', display: 'Fysioterapisammenfatning' },
    sections: [
      section('reason', 'Henvisningsårsak', 'Problemstilling og mål for pasienten.', { required: true }),
      section('findings', 'Funksjon og funn', 'Tester, bevegelighet, balanse, smerte.'),
      section('assessment', 'Vurdering', 'Fysioterapeutisk vurdering.', { required: true }),
      section('plan', 'Tiltak', 'Behandling, øvelser, hjelpemidler.'),
    ],
  },
  {
    code: 'ergo-assessment',
    title: 'Ergoterapivurdering',
    services: ['ergoterapi'],
    documentType: { code: 'A06-2', display: 'Ergoterapisammenfatning' },
    sections: [
      section('reason', 'Henvisningsårsak', 'Problemstilling og mål for pasienten.', { required: true }),
      section('findings', 'Aktivitet og omgivelser', 'Daglige gjøremål, bolig, hjelpemiddelbehov.'),
      section('assessment', 'Vurdering', 'Ergoterapeutisk vurdering.', { required: true }),
      section('plan', 'Tiltak', 'Tilrettelegging, hjelpemidler, opplæring.'),
    ],
  },
  {
    code: 'mental-health-note',
    title: 'Samtalenotat psykisk helse og rus',
    services: ['psykisk-helse-rus'],
    documentType: JOURNALNOTAT,
    sections: [
      section('conversation', 'Samtale', 'Tema og pasientens egen beskrivelse.', { required: true }),
      section('assessment', 'Vurdering', 'Psykisk tilstand, risiko.', { required: true }),
      section('plan', 'Plan', 'Videre oppfølging og avtaler.'),
    ],
  },
  {
    code: 'free-text',
    title: 'Journalnotat',
    services: [],
    documentType: JOURNALNOTAT,
    sections: [section('note', 'Notat', 'Fritekst.', { required: true })],
  },
];

export function noteTemplate(code: string): NoteTemplate | undefined {
  return NOTE_TEMPLATES.find((t) => t.code === code);
}

/** The templates offered to a service: its own first, then those for every service. */
export function templatesFor(service: string | undefined): NoteTemplate[] {
  const own = NOTE_TEMPLATES.filter(
    (t) => service !== undefined && t.services.includes(service as ServiceCode),
  );
  const general = NOTE_TEMPLATES.filter((t) => t.services.length === 0);
  return [...own, ...general];
}

export const DOCUMENT_TYPE_SYSTEM = VOLVEN.documentType;
