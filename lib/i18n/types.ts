export type Locale = 'en' | 'pt_BR';

/** One area's strings: English is the source, pt_BR must have exactly the same keys. */
export type Catalog<En extends Record<string, string>> = {
  en: En;
  pt_BR: { [K in keyof En]: string };
};
