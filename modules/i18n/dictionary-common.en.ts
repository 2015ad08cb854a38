/**
 * The texts every page's client code may need, in English: the app's name, generic errors, and
 * the shared answers of forms (ActionFeedback, the error page, the language switcher). Kept apart
 * from the screens' texts (dictionary.en.ts) so a page that shows no schedule or prebooking does
 * not carry those (issue 19).
 */
export const enCommon = {
  common: {
    appName: 'Prebooker',
    tagline: 'Get the AimHarder class you want at the exact instant booking opens.',
    skipToContent: 'Skip to content',
    language: 'Language',
    genericError: 'Something went wrong on our side. Please try again.',
    timesIn: (zone: string, abbreviation: string) => `Times in ${zone} (${abbreviation})`,
    notFoundTitle: 'Page not found',
    notFoundText: 'There is nothing here.',
    backHome: 'Go to the schedule',
    errorTitle: 'Something went wrong',
    tryAgain: 'Try again',
    dismiss: 'Dismiss',
  },
  /** Shared by every screen's forms and live parts. */
  ui: {
    sessionEnded: 'Your session ended —',
    signInAgain: 'sign in again',
    reloadForUpdates: 'Reload the page to see the latest state.',
    passwordTooLong: (max: number) => `That is longer than ${max} characters, the most an AimHarder password can have here. Check what you pasted.`,
  },
};

export type CommonDictionary = typeof enCommon;
