import { describe, expect, test } from 'vitest';
import { createGoalInputSchema, goalInputSchemasFor, updateGoalInputSchema } from './goals.schema';

const goal = { boxId: 10122, weekdays: [1], startTime: '18:00', className: 'WOD' };
const fieldsOf = (result: ReturnType<typeof createGoalInputSchema.safeParse>) => (result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));

describe('a goal’s fallback classes', () => {
  test('default to none, with "book if open" off', () => {
    expect(createGoalInputSchema.parse(goal)).toMatchObject({ alternatives: [], bookIfOpen: false });
  });

  test('keep their order', () => {
    const parsed = createGoalInputSchema.parse({ ...goal, alternatives: [{ startTime: '19:00', className: 'WOD' }, { startTime: '18:00', className: 'OPEN BOX' }], bookIfOpen: true });
    expect(parsed.alternatives).toEqual([{ startTime: '19:00', className: 'WOD' }, { startTime: '18:00', className: 'OPEN BOX' }]);
    expect(parsed.bookIfOpen).toBe(true);
  });

  test('are refused with a message per entry: bad time, no name, listed twice, the goal’s own class', () => {
    const result = createGoalInputSchema.safeParse({
      ...goal,
      alternatives: [
        { startTime: '25:00', className: 'WOD' },
        { startTime: '19:00', className: '' },
        { startTime: '20:00', className: 'WOD' },
        { startTime: '20:00', className: 'wod ' },
        { startTime: '18:00', className: 'wod' },
      ],
    });
    expect(fieldsOf(result)).toEqual([
      ['alternatives.0.startTime', 'must be a time like 18:00'],
      ['alternatives.1.className', 'give the class name, e.g. WOD'],
      ['alternatives.3', '20:00 wod is listed twice'],
      ['alternatives.4', 'is the goal’s own class; a fallback must be another class'],
    ]);
  });

  test('are at most five', () => {
    const six = Array.from({ length: 6 }, (_, index) => ({ startTime: `1${index}:00`, className: 'WOD' }));
    expect(fieldsOf(createGoalInputSchema.safeParse({ ...goal, alternatives: six }))).toEqual([['alternatives', 'at most 5 fallback classes']]);
  });

  test('can be patched alone', () => {
    expect(updateGoalInputSchema.parse({ alternatives: [{ startTime: '19:00', className: 'WOD' }] })).toEqual({ alternatives: [{ startTime: '19:00', className: 'WOD' }] });
    expect(updateGoalInputSchema.safeParse({ startTime: '19:00', className: 'WOD', alternatives: [{ startTime: '19:00', className: 'WOD' }] }).success).toBe(false);
  });
});

describe('a goal’s dates and times, as the server checks them', () => {
  test('are refused in the member’s language, naming each field', () => {
    const body = { ...goal, startTime: '6 pm', skips: [{ from: '24/12/2026' }, { from: '2027-04-10', to: '2027-04-01' }] };
    const messagesOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) => {
      const messages: Record<string, string[]> = {};
      for (const issue of result.error?.issues ?? []) (messages[issue.path.join('.')] ??= []).push(issue.message);
      return messages;
    };
    expect(messagesOf(goalInputSchemasFor('es').create.safeParse(body))).toEqual({
      startTime: ['debe ser una hora como 18:00'],
      'skips.0.from': ['debe ser una fecha como 2026-11-30'],
      'skips.1.to': ['no puede terminar antes de empezar'],
    });
    expect(messagesOf(goalInputSchemasFor('en').update.safeParse({ skips: [{ from: '2026-02-31' }] }))).toEqual({ 'skips.0.from': ['must be a date like 2026-11-30'] });
    expect(messagesOf(goalInputSchemasFor('en').update.safeParse({ skips: [{ from: '1999-12-31' }] }))).toEqual({ 'skips.0.from': ['must be between 2000-01-01 and 2999-12-31'] });
  });
});
