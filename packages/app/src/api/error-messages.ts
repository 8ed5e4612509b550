/**
 * Norwegian messages for Akson's error codes (docs/errors.md). The server's texts are English and meant for
 * integrators; people using the app see these. Codes the app does not know fall back to a message by status.
 */
export const NORWEGIAN_MESSAGES: Readonly<Record<string, string>> = {
  AKS_ERR_REQUEST_INVALID_JSON:
    'Forespørselen var ikke gyldig. Prøv igjen, og meld fra hvis feilen gjentar seg.',
  AKS_ERR_REQUEST_TOO_LARGE: 'Det du prøvde å lagre er for stort.',
  AKS_ERR_ROUTE_NOT_FOUND: 'Funksjonen finnes ikke på denne serveren ennå.',
  AKS_ERR_RESOURCE_NOT_FOUND: 'Fant ikke opplysningene. De finnes ikke, eller du har ikke tilgang til dem.',
  AKS_ERR_RESOURCE_DELETED: 'Opplysningene er slettet.',
  AKS_ERR_RESOURCE_VERSION_CONFLICT:
    'Noen andre har lagret en endring etter at du åpnet dette. Se gjennom endringen og velg hva som skal gjelde.',
  AKS_ERR_RESOURCE_BODY_VERSION_CONFLICT:
    'Noen andre har lagret en endring etter at du åpnet dette. Se gjennom endringen og velg hva som skal gjelde.',
  AKS_ERR_VALIDATION: 'Opplysningene er ikke gyldige og ble ikke lagret. Se detaljene under.',
  AKS_ERR_SEARCH_PARAM_UNKNOWN: 'Søket kunne ikke utføres.',
  AKS_ERR_SEARCH_VALUE: 'Søkeverdien er ikke gyldig.',
  AKS_ERR_SEARCH_CURSOR: 'Listen er endret. Start søket på nytt.',
  AKS_ERR_OPERATION_UNKNOWN: 'Denne funksjonen er ikke tilgjengelig på serveren ennå.',
  AKS_ERR_OPERATION_PARAMETER: 'Noe mangler eller er feil i skjemaet.',
  AKS_ERR_AUTH_MISSING: 'Du er ikke logget inn. Logg inn på nytt.',
  AKS_ERR_AUTH_INVALID: 'Innloggingen er utløpt eller ikke gyldig. Logg inn på nytt.',
  AKS_ERR_AUTH_CLAIMS: 'Innloggingen mangler opplysninger Akson trenger. Logg inn på nytt.',
  AKS_ERR_AUTH_ASSURANCE: 'Helsepersonell må logge inn på sikkerhetsnivå 4 (BankID eller Buypass).',
  AKS_ERR_ACCESS_SCOPE: 'Du har ikke tilgang til dette.',
  AKS_ERR_ACCESS_UNIT: 'Du har ingen aktiv rolle ved denne enheten. Bytt enhet og logg inn på nytt.',
  AKS_ERR_ACCESS_DENIED: 'Du har ikke tilgang til å gjøre dette.',
  AKS_ERR_ACCESS_NO_RELATION:
    'Du har ikke tjenstlig behov registrert for denne pasienten. Erklær behandlingsrelasjon med begrunnelse, eller bruk akuttilgang.',
  AKS_ERR_ACCESS_REASON_REQUIRED: 'Begrunnelsen er for kort. Skriv minst 10 tegn.',
  AKS_ERR_NOTE_SIGNED:
    'Notatet er signert og kan ikke endres direkte. Lagre en rettelse med begrunnelse i stedet.',
  AKS_ERR_NOTE_CORRECTION_REASON: 'En rettelse av et signert notat må ha en begrunnelse.',
  AKS_ERR_NOTE_WITHDRAWN: 'Notatet er markert som feilført og kan ikke endres. Skriv et nytt notat.',
  AKS_ERR_NOTE_TEMPLATE: 'Notatet passer ikke med notatmalen. Last siden på nytt og prøv igjen.',
  AKS_ERR_NOTE_SIGNER: 'Bare helsepersonell i en klinisk rolle kan signere notater.',
  AKS_ERR_BINARY_TOO_LARGE: 'Vedlegget er for stort. Skann med lavere oppløsning eller del opp filen.',
  AKS_ERR_BINARY_CONTENT_TYPE: 'Filtypen er ikke tillatt som vedlegg (PDF, JPEG, PNG eller ren tekst).',
  AKS_ERR_IPLOS_INVALID: 'IPLOS-kartleggingen er ikke gyldig. Hver variabel skåres 1–5 eller 9.',
  AKS_ERR_MERGE_INVALID: 'Journalene kan ikke slås sammen.',
  AKS_ERR_CODE_SYSTEM_UNKNOWN: 'Kodeverket er ukjent.',
  AKS_ERR_CODE_UNKNOWN: 'Koden finnes ikke i kodeverket.',
  AKS_ERR_MEDICATION_UNACKNOWLEDGED:
    'Endringen har alvorlige funn som må kvitteres med begrunnelse før den kan lagres.',
  AKS_ERR_MEDICATION_LINE_INVALID: 'Legemiddellinjen er ikke gyldig. Se detaljene under.',
  AKS_ERR_MEDICATION_DOSAGE_INVALID:
    'Doseringen er uklar eller ufullstendig og ble ikke lagret. Rett doseringen.',
  AKS_ERR_MEDICATION_LINE_ID_CHANGED: 'Linjens identitet kan ikke endres. Legg heller til en ny linje.',
  AKS_ERR_MEDICATION_LINE_ID_TAKEN:
    'En annen linje har allerede denne identiteten. Endre den linjen i stedet.',
  AKS_ERR_MEDICATION_LINE_ENDED:
    'Linjen er seponert eller avsluttet og kan ikke tas i bruk igjen. Legg til en ny linje for legemiddelet.',
  AKS_ERR_MEDICATION_ACK_INVALID: 'En kvittering må ha en begrunnelse på minst 5 tegn.',
  AKS_ERR_MEDICATION_LINK_INVALID: 'Registreringen må høre til en linje på legemiddellisten.',
  AKS_ERR_MEDICATION_ADMIN_INVALID: 'Utdelingen er ikke gyldig og ble ikke lagret.',
  AKS_ERR_MEDICATION_REQUEST_INVALID: 'Forskrivningen er ikke gyldig og ble ikke lagret.',
  AKS_ERR_MEDICATION_IMPORT_INVALID: 'Listen kan ikke leses inn uten å gjette. Ingenting ble lest inn.',
  AKS_ERR_MEDICATION_IMPORT_PATIENT:
    'Listen gjelder en annen person enn denne pasienten. Ingenting ble lest inn; les den inn i riktig journal.',
  AKS_ERR_MEDICATION_RECONCILE_INVALID:
    'Samstemmingen er ikke fullstendig. Ta stilling til hver endrede linje.',
  AKS_ERR_MEDICATION_RECONCILE_STALE:
    'Legemiddellisten er endret siden sammenligningen. Ingenting ble lagret; sammenlign på nytt.',
  AKS_ERR_MEDICATION_SCHEDULE_UNIT: 'Utdelingslisten er for ansatte ved enheten. Bytt enhet for å se den.',
  AKS_ERR_RESOURCE_VERSION_REQUIRED:
    'Endringen må bygge på versjonen du så. Last siden på nytt og gjør endringen der.',
  AKS_ERR_RESOURCE_VERSION_NOT_FOUND: 'Denne versjonen finnes ikke.',
  AKS_ERR_RESOURCE_PATIENT_CHANGED:
    'Opplysningene hører til en annen pasients journal og kan ikke flyttes. Registrer dem på nytt i riktig journal.',
  AKS_ERR_RESOURCE_READ_ONLY: 'Disse opplysningene kan ikke endres.',
  AKS_ERR_RECORD_NOT_DELETABLE:
    'Journalopplysninger slettes ikke. Marker dem som feilregistrert i stedet, så står historikken.',
  AKS_ERR_PATIENT_RETIRED:
    'Denne journalen er slått sammen med en annen. Søk opp pasienten på nytt for å åpne den gjeldende journalen.',
  AKS_ERR_NEWS_SCORE_CALCULATED:
    'NEWS2 beregnes av Akson fra de målte verdiene. Registrer målingene, ikke poengsummen.',
  AKS_ERR_AUDIT_ALREADY_REVIEWED: 'Oppslaget er allerede gjennomgått av en annen. Last siden på nytt.',
  AKS_ERR_REQUEST_TIMEOUT: 'Serveren brukte for lang tid. Ingenting ble lagret; prøv igjen.',
  AKS_ERR_STORE_BUSY: 'Databasen er opptatt akkurat nå. Ingenting ble lagret; prøv igjen om litt.',
  AKS_ERR_INTERNAL: 'Noe gikk galt på serveren. Ingenting ble lagret; prøv igjen.',
};

const BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Forespørselen ble avvist fordi noe var feil eller manglet.',
  401: 'Du er ikke logget inn. Logg inn på nytt.',
  403: 'Du har ikke tilgang til dette.',
  404: 'Fant ikke opplysningene. De finnes ikke, eller du har ikke tilgang til dem.',
  409: 'Endringen er i konflikt med en annen endring.',
  412: 'Noen andre har lagret en endring etter at du åpnet dette.',
  422: 'Endringen bryter en regel og ble ikke lagret.',
  428: 'Endringen må bygge på versjonen du så. Last siden på nytt og prøv igjen.',
  503: 'Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.',
};

export function errorMessageNb(status: number, code: string | undefined): string {
  if (code && NORWEGIAN_MESSAGES[code]) return NORWEGIAN_MESSAGES[code];
  if (BY_STATUS[status]) return BY_STATUS[status];
  return status >= 500 ? 'Noe gikk galt på serveren. Prøv igjen.' : 'Noe gikk galt. Prøv igjen.';
}
