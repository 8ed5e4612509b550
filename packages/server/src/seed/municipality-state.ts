import type { CareSetting } from './care-setting.ts';
import { WARD_PLACES } from './register/municipality-register.ts';
import type { SeedStaff, SeedUnit } from './register/register-types.ts';

/**
 * What the generation of one municipality's citizens shares, in generation order: GP lists and the GP's day,
 * nursing-home places, the home-care routes of the day, the emergency clinic's queue. Citizens are generated
 * one after the other, so this state makes the same choices for the same seed.
 */
export class MunicipalityState {
  readonly setting: CareSetting;
  /** Citizens the municipality will get, to size lists and today's schedules. */
  readonly citizens: number;
  readonly #gps: { staff: SeedStaff; unit: SeedUnit; listed: number; slotsToday: number }[];
  readonly #wardPlaces = new Map<string, number>();
  readonly #routes = new Map<string, number>();
  readonly #offRoute: ReadonlySet<string>;
  #queue = 0;

  /**
   * `reservedWardPlaces`: places the scenarios fill themselves; `offRoute`: workers whose rounds the scenarios
   * set (the demo's named nurses), who get no generated visits.
   */
  constructor(
    setting: CareSetting,
    citizens: number,
    options: { reservedWardPlaces?: ReadonlyMap<string, number>; offRoute?: Iterable<string> } = {},
  ) {
    this.setting = setting;
    this.citizens = citizens;
    this.#offRoute = new Set(options.offRoute ?? []);
    const reservedWardPlaces = options.reservedWardPlaces ?? new Map<string, number>();
    this.#gps = setting
      .units('fastlege')
      .flatMap((unit) =>
        setting.staffAt(unit.id, 'LE').map((staff) => ({ staff, unit, listed: 0, slotsToday: 0 })),
      );
    for (const ward of setting.units('sykehjem')) {
      this.#wardPlaces.set(ward.id, WARD_PLACES - (reservedWardPlaces.get(ward.id) ?? 0));
    }
  }

  /** The GP with the shortest list (ties broken by the caller's draw), who takes the household on. */
  assignGp(draw: number, members = 1): { staff: SeedStaff; unit: SeedUnit } | undefined {
    if (this.#gps.length === 0) return undefined;
    const shortest = Math.min(...this.#gps.map((g) => g.listed));
    const candidates = this.#gps.filter((g) => g.listed <= shortest + 2);
    const chosen = candidates[Math.floor(draw * candidates.length)] ?? this.#gps[0];
    if (!chosen) return undefined;
    chosen.listed += members;
    return { staff: chosen.staff, unit: chosen.unit };
  }

  /** A GP who keeps a list on behalf of the named one (the demo register's GPs are fixed by the demo). */
  gpFor(staffId: string): { staff: SeedStaff; unit: SeedUnit } | undefined {
    const gp = this.#gps.find((g) => g.staff.id === staffId);
    if (gp) gp.listed++;
    return gp && { staff: gp.staff, unit: gp.unit };
  }

  /** Today's next free appointment slot with a GP (20 minutes each from 08:00, lunch at 11:20), if any. */
  nextAppointmentSlot(staffId: string): number | undefined {
    const gp = this.#gps.find((g) => g.staff.id === staffId);
    if (!gp || gp.slotsToday >= GP_SLOTS.length) return undefined;
    return GP_SLOTS[gp.slotsToday++];
  }

  /** Expected appointments today per citizen on a list, so that a GP's day fills up but does not overflow. */
  get appointmentChance(): number {
    if (this.#gps.length === 0) return 0;
    return Math.min(0.5, (GP_SLOTS.length * 0.8 * this.#gps.length) / Math.max(1, this.citizens));
  }

  /** Takes a place in a ward of the kind asked for, if one is free. */
  takeWardPlace(kind: 'langtid' | 'korttid'): SeedUnit | undefined {
    for (const ward of this.setting.units('sykehjem')) {
      if ((ward.ward ?? 'langtid') !== kind) continue;
      const free = this.#wardPlaces.get(ward.id) ?? 0;
      if (free > 0) {
        this.#wardPlaces.set(ward.id, free - 1);
        return ward;
      }
    }
    return undefined;
  }

  /** The home-care worker who has this visit on today's route: day or evening shift, taking turns. */
  routeNurse(zone: SeedUnit, evening: boolean): SeedStaff | undefined {
    const staff = this.setting.staffAt(zone.id).filter((s) => !this.#offRoute.has(s.id));
    if (staff.length === 0) return undefined;
    const half = Math.ceil(staff.length / 2);
    const shift = staff.length > 1 ? (evening ? staff.slice(half) : staff.slice(0, half)) : staff;
    const key = `${zone.id}|${evening}`;
    const turn = this.#routes.get(key) ?? 0;
    this.#routes.set(key, turn + 1);
    return shift[turn % shift.length];
  }

  /** Whether the next citizen drawn for the emergency clinic's morning queue still fits in it. */
  joinQueue(): boolean {
    const size = 2 + Math.floor(this.citizens / 3000);
    if (this.#queue >= size) return false;
    this.#queue++;
    return true;
  }

  /** Expected share of citizens in today's emergency clinic queue. */
  get queueChance(): number {
    return Math.min(0.2, (2 + Math.floor(this.citizens / 3000)) / Math.max(1, this.citizens));
  }
}

/** Minutes after midnight of a GP's appointment slots. */
const GP_SLOTS = [
  480, 500, 520, 540, 560, 580, 600, 620, 640, 660, 720, 740, 760, 780, 800, 820, 840, 860, 880, 900,
];
