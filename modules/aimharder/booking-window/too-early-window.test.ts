import { describe, expect, it } from 'vitest';
import { parseTooEarlyWindow, ruleFromWindowHint } from './too-early-window';

describe('parseTooEarlyWindow', () => {
  it.each([
    ['No puedes reservar clases con más de 4 días de antelación', undefined, { unit: 'days', amount: 4 }],
    ['No puedes reservar clases con más de 15 días de antelación', 'ERROR_ANTELACION_CLIENTE', { unit: 'days', amount: 15 }],
    ['No puedes reservar clases con más de 1 día de antelación', 'ERROR_ANTELACION_CLIENTE', { unit: 'days', amount: 1 }],
    ["No pots reservar classes amb més de 4 dies d'antelació", 'ERROR_ANTELACION_CLIENTE', { unit: 'days', amount: 4 }],
    ["No pots reservar classes amb més de 48 hores d'antelació", 'ERROR_ANTELACION_CLIENTE_HORAS', { unit: 'hours', amount: 48 }],
    ['No puedes reservar clases con más de 22 horas de antelación', 'ERROR_ANTELACION_CLIENTE_HORAS', { unit: 'hours', amount: 22 }],
    ["You can't book classes more than 1 days of anticipation", undefined, { unit: 'days', amount: 1 }],
    ['You cannot book classes more than 3 days in advance', 'ERROR_ANTELACION_CLIENTE', { unit: 'days', amount: 3 }],
    ['You cannot book classes more than 72 hours in advance', 'ERROR_ANTELACION_CLIENTE_HORAS', { unit: 'hours', amount: 72 }],
    ['No puedes reservar clases con más de un día de antelación', undefined, { unit: 'days', amount: 1 }],
    ['<b>No puedes reservar</b> clases con más de <strong>5</strong> d&iacute;as de antelaci&oacute;n', undefined, { unit: 'days', amount: 5 }],
    ['No puedes reservar clases con más de 2 días de antelación. Las reservas se abren a las 12:00', 'ERROR_ANTELACION_CLIENTE', { unit: 'days', amount: 2 }],
  ] as const)('reads %j', (message, key, expected) => {
    expect(parseTooEarlyWindow(message, key)).toEqual(expected);
  });

  it('falls back to the key for the unit when the message has none', () => {
    expect(parseTooEarlyWindow('Antelación máxima: 36', 'ERROR_ANTELACION_CLIENTE_HORAS')).toEqual({ unit: 'hours', amount: 36 });
    expect(parseTooEarlyWindow('Antelación máxima: 36')).toBeNull();
  });

  it('returns null when there is no number to learn from', () => {
    expect(parseTooEarlyWindow('Todavía no puedes reservar esta clase', 'ERROR_ANTELACION_CLIENTE')).toBeNull();
    expect(parseTooEarlyWindow('')).toBeNull();
  });
});

describe('ruleFromWindowHint', () => {
  it('turns a hint into a rolling rule', () => {
    expect(ruleFromWindowHint({ unit: 'days', amount: 4 })).toEqual({ kind: 'rolling_days', days: 4 });
    expect(ruleFromWindowHint({ unit: 'hours', amount: 22 })).toEqual({ kind: 'rolling_hours', hours: 22 });
  });
});
