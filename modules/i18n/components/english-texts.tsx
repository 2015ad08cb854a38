import type { ReactNode } from 'react';
import { en } from '../dictionary.en';
import { DictionaryContext } from './dictionary-context';

/** Loaded on its own by I18nProvider: English pages carry no Spanish texts. */
export default function EnglishTexts({ children }: { children: ReactNode }) {
  return <DictionaryContext.Provider value={en}>{children}</DictionaryContext.Provider>;
}
