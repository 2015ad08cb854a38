import { createContext } from 'react';
import type { Dictionary } from '../dictionary.en';

/** The rendered language's texts, provided by english-texts or spanish-texts. */
export const DictionaryContext = createContext<Dictionary | null>(null);
