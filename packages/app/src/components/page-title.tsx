import { useEffect } from 'react';

/** Sets the document title, so every screen is named in the tab and announced on navigation. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Akson`;
  }, [title]);
}
