import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  readonly error: Error | undefined;
}

interface Props {
  readonly children: ReactNode;
  /** When this changes (the route), a failed screen gets a fresh start; working screens are not remounted. */
  readonly resetKey?: string;
}

/** A screen that fails to render shows what happened and how to go on, never a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined };

  override componentDidUpdate(previous: Props): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: undefined });
  }

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Akson: a screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <main id="innhold">
        <div className="alert alert--error" role="alert">
          <p className="alert__title">Skjermbildet kunne ikke vises</p>
          <p>Noe gikk galt i appen. Ingenting du har lagret er tapt. Last siden på nytt, eller gå tilbake.</p>
          <details>
            <summary>Tekniske detaljer</summary>
            <p className="small">{this.state.error.message}</p>
          </details>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Last siden på nytt
          </button>
        </div>
      </main>
    );
  }
}
