// Akson's JSON interchange form for one line of Pasientens legemiddelliste (PLL, e-resept message M25,
// `LegemidlerIBruk/EnkeltoppforingLIB`). Field names follow the M25 / Forskrivning element names so that each
// field can be traced to its place in the message; docs/medication.md has the table with full element paths.
// Fields marked "Akson addition" have no element in M25 2013-10-08 and must be converted (or refused) by
// whoever writes the M25 XML.

export const PLL_LINE_FORMAT = 'akson.pll-line/1';

/** kith:CS / kith:CV as JSON: `v` = @V (code), `dn` = @DN (display), `s` = @S (code system OID). */
export interface PllCode {
  readonly v: string;
  readonly dn?: string;
  readonly s?: string;
}

/** kith:PQ as JSON: `v` = @V (value), `u` = @U (unit). */
export interface PllQuantity {
  readonly v: number;
  readonly u: string;
}

/** fs:DoseFastTidspunkt: one regular dose at one time (a time of day, a clock time, or unspecified). */
export interface PllDoseFastTidspunkt {
  /** fs:Mengde */
  readonly mengde: PllQuantity;
  /** fs:Intervall: how often this dose repeats (1 Døgn, 3 Døgn, 1 Uke, 8 Time, 1 Måned). */
  readonly intervall: PllQuantity;
  /** fs:Klokkeslett (xs:time). */
  readonly klokkeslett?: string;
  /** fs:Tidsomrade (Morgen, Midt på dagen, Kveld …). */
  readonly tidsomrade?: PllCode;
  /** fs:GisEksakt: true when given at an exact clock time. */
  readonly gisEksakt: boolean;
  /** fs:FastDose/fs:FasteUkedager: the weekdays of a weekly dose. */
  readonly fastDose?: { readonly fasteUkedager: readonly PllCode[] };
}

/** fs:DoseEtterBehov: an as-needed dose. */
export interface PllDoseEtterBehov {
  /** fs:Mengde */
  readonly mengde: PllQuantity;
  /** fs:Intervall: the period the as-needed schedule counts over ("3 ganger daglig" → 1 Døgn). */
  readonly intervall?: PllQuantity;
  /** Akson addition: how many times per `intervall` ("3 ganger daglig" → 3). */
  readonly antallPerIntervall?: number;
  /** fs:DoseDognMaks: maximum amount per 24 hours. */
  readonly doseDognMaks?: PllQuantity;
  /** fs:DoseTidsromMaks + fs:Tidsrom: maximum amount per another period (e.g. per week). */
  readonly doseTidsromMaks?: PllQuantity;
  readonly tidsrom?: PllQuantity;
  /** Akson addition: the indication for as-needed use ("smerter"). */
  readonly behovsindikasjon?: string;
}

/** fs:Dosering: one step of the regimen (tapering has several, in order). */
export interface PllDosering {
  /** fs:Starttidspunkt/@V */
  readonly starttidspunkt?: string;
  /** fs:Sluttidspunkt/@V */
  readonly sluttidspunkt?: string;
  /** Akson addition: a step length relative to the previous step; the M25 writer computes Sluttidspunkt. */
  readonly varighet?: PllQuantity;
  readonly doseFastTidspunkt?: readonly PllDoseFastTidspunkt[];
  readonly doseEtterBehov?: readonly PllDoseEtterBehov[];
}

export interface PllLegemiddel {
  /** fs:Forskrivning/<legemiddel>/fs:Atc (S = 2.16.578.1.12.4.1.1.7180). */
  readonly atc?: PllCode;
  /** fs:Forskrivning/<legemiddel>/fs:NavnFormStyrke */
  readonly navnFormStyrke: string;
  /** fs:Forskrivning/<legemiddel>/fs:Id: the FEST id of LegemiddelMerkevare/-Virkestoff/-pakning. */
  readonly festId?: string;
}

export interface PllSeponering {
  /** Seponering/Tidspunkt: from this moment the medicine is not to be taken. */
  readonly tidspunkt: string;
  /** Seponering/Arsak: A = Avsluttet behandling, X = Annen årsak, … */
  readonly arsak: PllCode;
  /** Seponering/Merknad */
  readonly merknad?: string;
}

export interface PllLine {
  readonly format: typeof PLL_LINE_FORMAT;
  /** EnkeltoppforingLIB/Id: UUID created with the line and never changed (Akson's line id). */
  readonly id: string;
  /** EnkeltoppforingLIB/ReseptId */
  readonly reseptId?: string;
  /** EnkeltoppforingLIB/SistEndret (required in M25; the writer uses the send time when absent). */
  readonly sistEndret?: string;
  /** EnkeltoppforingLIB/DatoOppstart */
  readonly datoOppstart?: string;
  readonly legemiddel: PllLegemiddel;
  /** ReseptDokLegemiddel/RefKode: reason for use, ICPC-2 (7170) or ICD-10 (7110). */
  readonly refKode?: PllCode;
  /** fs:Forskrivning/fs:Bruksomrade: reason for use in words ("Mot smerter"). */
  readonly bruksomrade?: string;
  /** fs:Forskrivning/fs:Bruk, derived from the dosage (1 Fast, 2 Kur, 3 Ved behov); ignored on input. */
  readonly bruk?: PllCode;
  /** fs:Forskrivning/fs:DosVeiledEnkel: the dosage text of the whole line. */
  readonly dosVeiledEnkel?: string;
  /** fs:Forskrivning/fs:Dosering, one per step. */
  readonly dosering: readonly PllDosering[];
  /** EnkeltoppforingLIB/Seponering: present when the line is stopped or completed. */
  readonly seponering?: PllSeponering;
  /** Akson addition: the medicine is dispensed in multidose packs (extension multidose on the line). */
  readonly multidose?: boolean;
  /** Akson addition: the line is paused (FHIR on-hold). M25 2013-10-08 has no pause element. */
  readonly pause?: { readonly arsak?: PllCode; readonly merknad?: string };
}
