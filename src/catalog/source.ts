/**
 * Every fact in the catalog carries the place it was checked and when, so that whoever updates it
 * can re-check it. See ../shared/reference/gcp-facts.md for the narrative version.
 */
export interface Source {
  /** Where the fact was read (a URL or a repository path). */
  readonly url: string;
  /** When it was last checked, as YYYY-MM. */
  readonly checked: string;
}

export function source(url: string, checked = '2026-11'): Source {
  return { url, checked };
}
