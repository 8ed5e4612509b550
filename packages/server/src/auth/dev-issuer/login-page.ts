import type { SignInChoice } from './demo-users.ts';

const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/**
 * The development issuer's sign-in page: every demo user, grouped by unit (staff, one button per role they can
 * act in) and citizens. Plain HTML forms: works without JavaScript, with the keyboard and screen readers.
 */
export function loginPage(
  choices: readonly SignInChoice[],
  hidden: Record<string, string>,
  error?: string,
): string {
  const groups = new Map<string, SignInChoice[]>();
  for (const c of choices) {
    let list = groups.get(c.group);
    if (!list) groups.set(c.group, (list = []));
    list.push(c);
  }
  const hiddenInputs = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  const sections = [...groups]
    .map(
      ([group, list]) => `<section aria-labelledby="g-${escape(slug(group))}">
  <h2 id="g-${escape(slug(group))}">${escape(group)}</h2>
  <ul>${list
    .map(
      (c) =>
        `<li><form method="post" action="authorize">${hiddenInputs}<input type="hidden" name="choice" value="${escape(c.key)}"><button type="submit">${escape(c.label)}</button></form></li>`,
    )
    .join('')}</ul>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logg inn – Akson (demo)</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; background: #fff; }
  .warning { background: #fff4ce; border: 2px solid #8a6d00; padding: 0.75rem 1rem; border-radius: 6px; }
  .error { background: #fde7e9; border: 2px solid #a4262c; padding: 0.75rem 1rem; border-radius: 6px; }
  ul { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0.5rem; }
  button { width: 100%; text-align: left; padding: 0.75rem; font-size: 1rem; border: 1px solid #444; border-radius: 6px; background: #f3f6fa; color: #1a1a1a; cursor: pointer; }
  button:hover, button:focus-visible { background: #dce8f5; outline: 3px solid #005a9e; outline-offset: 1px; }
  h2 { font-size: 1.1rem; margin-top: 1.5rem; }
</style>
</head>
<body>
<main>
<h1>Logg inn i Akson</h1>
<p class="warning" role="note"><strong>Utviklingsinnlogging.</strong> Dette er demoens innebygde identitetstjeneste, ikke HelseID eller ID-porten. Alle personer er fiktive og har syntetiske fødselsnumre.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<p>Velg hvem du vil logge inn som. Helsepersonell velger samtidig enheten og rollen de handler for.</p>
${sections}
</main>
</body>
</html>`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
