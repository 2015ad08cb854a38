import type { CommonDictionary } from './dictionary-common.en';

/** The texts every page's client code may need, in Spanish (Spain). */
export const esCommon: CommonDictionary = {
  common: {
    appName: 'Prebooker',
    tagline: 'Consigue la clase de AimHarder que quieres en el instante exacto en que se abre la reserva.',
    skipToContent: 'Saltar al contenido',
    language: 'Idioma',
    genericError: 'Algo ha fallado por nuestra parte. Inténtalo de nuevo.',
    timesIn: (zone: string, abbreviation: string) => `Horas en ${zone} (${abbreviation})`,
    notFoundTitle: 'Página no encontrada',
    notFoundText: 'Aquí no hay nada.',
    backHome: 'Ir al horario',
    errorTitle: 'Algo ha fallado',
    tryAgain: 'Reintentar',
    dismiss: 'Cerrar',
  },
  ui: {
    sessionEnded: 'Tu sesión ha terminado:',
    signInAgain: 'vuelve a iniciar sesión',
    reloadForUpdates: 'Recarga la página para ver el estado más reciente.',
    passwordTooLong: (max: number) => `Tiene más de ${max} caracteres, el máximo para una contraseña de AimHarder aquí. Revisa lo que has pegado.`,
  },
};
