import type { ReactNode } from 'react';
import type { LoadState } from '../hooks/use-load.ts';
import { ErrorMessage } from './error-message.tsx';
import { Loading } from './loading.tsx';

/**
 * Shows a load's three states: loading (with what is loading), an error with "Prøv igjen", or the content.
 * Data from an earlier load stays visible while reloading.
 */
export function LoadView<T>({
  state,
  label,
  children,
}: {
  state: LoadState<T> & { reload: () => void };
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'error')
    return (
      <>
        <ErrorMessage error={state.error} retry={state.reload} />
        {state.data !== undefined ? children(state.data) : null}
      </>
    );
  if (state.status === 'loading' && state.data === undefined) return <Loading label={label} />;
  return <>{children(state.data as T)}</>;
}
