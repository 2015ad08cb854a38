import type { ReactNode } from 'react';
import { es } from '../dictionary.es';
import { DictionaryContext } from './dictionary-context';

/** Loaded on its own by I18nProvider: Spanish pages carry no English texts. */
export default function SpanishTexts({ children }: { children: ReactNode }) {
  return <DictionaryContext.Provider value={es}>{children}</DictionaryContext.Provider>;
}
