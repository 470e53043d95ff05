/** A report as it enters the pipeline (spec "Input documents"). */
export interface InputDocument {
  id: string;
  text?: string;
  html?: string;
  url?: string;
  title?: string;
  /** outlet name(s) given by the caller, e.g. "SOHR" */
  source?: string;
  /** YYYY-MM-DD: the report's date when the text does not say it */
  published?: string;
}

/** A report after cleaning: what every recogniser reads. Offsets in evidence spans point into `text`. */
export interface CleanDocument {
  id: string;
  url: string | null;
  /** cleaned article text (page furniture removed) */
  text: string;
  title: string | null;
  /** canonical outlet names, e.g. ["SouthFront"], ["The Cradle", "SANA"] */
  outlets: string[];
  /** YYYY-MM-DD or null when unknown */
  published: string | null;
  /** ISO 639-1 code: "en", "ar", "tr", ... ; only "en" is coded */
  language: string;
}
