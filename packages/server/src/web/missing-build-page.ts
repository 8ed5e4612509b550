/**
 * What the server answers at `/` when the web app has not been built: a page that tells the operator what to
 * do, instead of a bare 404. (`npm start` builds the app first; a server started another way may not have.)
 */
export function missingBuildPage(): string {
  return `<!doctype html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Akson – webappen er ikke bygget</title></head>
<body>
<main>
<h1>Webappen er ikke bygget</h1>
<p>Serveren kjører, og FHIR-API-et svarer på <code>/fhir</code>, men klinikerappen og innbyggerportalen er ikke
bygget på denne maskinen.</p>
<p>Kjør <code>npm run build:app</code> i prosjektmappen (eller start med <code>npm start</code>, som bygger appen
ved behov), og last siden på nytt.</p>
<p lang="en">The web app has not been built. Run <code>npm run build:app</code> and reload this page.</p>
</main>
</body>
</html>`;
}
