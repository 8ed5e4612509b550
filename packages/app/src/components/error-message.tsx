import { ApiError, NetworkError, UserMessage } from '../api/api-error.ts';

/**
 * An error in plain Norwegian, with what to do next. The server's own text (English, for integrators) is
 * tucked away under "Tekniske detaljer" for support.
 */
export function ErrorMessage({
  error,
  title = 'Noe gikk galt',
  retry,
}: {
  error: Error;
  title?: string;
  retry?: () => void;
}) {
  const details =
    error instanceof ApiError
      ? [error.code, error.serverText].filter(Boolean).join(': ') || `HTTP ${error.status}`
      : error instanceof NetworkError || error instanceof UserMessage
        ? undefined
        : error.message;
  // Validation errors list what was wrong so the form can be corrected: the server's issue texts are English
  // (for integrators), so they come second, under a Norwegian lead and marked as English for screen readers.
  const issueTexts =
    error instanceof ApiError && error.issues.length > 1
      ? [
          ...new Set(
            error.issues
              .map((i) => i.details?.text ?? i.diagnostics)
              .filter((t): t is string => !!t)
              .slice(0, 8),
          ),
        ]
      : [];
  const message =
    error instanceof ApiError || error instanceof NetworkError || error instanceof UserMessage
      ? error.message
      : title;
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{message === title ? title : message}</p>
      {issueTexts.length > 0 ? (
        <div className="small" data-testid="error-issues">
          <p>Serverens kontroll fant dette (teksten er på engelsk):</p>
          <ul lang="en">
            {issueTexts.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {details && details !== message ? (
        <details>
          <summary>Tekniske detaljer</summary>
          <p className="small">{details}</p>
        </details>
      ) : null}
      {retry ? (
        <button type="button" className="button button--small" onClick={retry}>
          Prøv igjen
        </button>
      ) : null}
    </div>
  );
}
