import { clinicianAt, windowStart, type CitizenContext } from '../citizen-context.ts';
import { immunization, VACCINES } from '../clinical/immunizations.ts';

/** Seasonal influenza vaccination, offered every autumn to everyone 65 and older (about seven in ten take it). */
export function influenzaVaccinations(ctx: CitizenContext, byHomeCare: boolean): void {
  const gp = ctx.gp;
  if (!gp || ctx.age < 65) return;
  const year = Number(ctx.clock.today.slice(0, 4));
  for (let y = year - Math.ceil(ctx.years); y <= year; y++) {
    if (!ctx.random.chance(0.7)) continue;
    const date = `${y}-${ctx.random.pick(['10', '11'])}-${String(ctx.random.int(1, 28)).padStart(2, '0')}`;
    const day = ctx.clock.daysFromToday(date);
    if (day > -1 || day < windowStart(ctx) || ctx.clock.ageAt(ctx.person.birthDate, date) < 65) continue;
    const performer = byHomeCare
      ? clinicianAt(ctx, ctx.zone, 'SP').role
      : ctx.setting.role(gp.staff, gp.unit);
    immunization(ctx, {
      vaccine: VACCINES.influenza,
      at: ctx.clock.at(day, 10 * 60),
      performer,
      dose: 1,
      series: `Influensasesongen ${y}–${y + 1}`,
    });
  }
}
