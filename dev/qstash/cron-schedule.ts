import { Cron } from 'croner';
import { badRequest } from './qstash-http-error';

export interface ParsedCron {
  /** As given, trimmed: what the schedule JSON echoes. */
  expression: string;
  timezone: string;
  /** Next fire instant strictly after `afterMs`, epoch ms; undefined if the pattern never fires again. */
  nextAfter(afterMs: number): number | undefined;
}

/**
 * QStash cron: five standard fields evaluated in UTC, optionally prefixed `CRON_TZ=<IANA zone> `.
 * Evaluation is croner's, in strict five-field mode, so a seconds field is rejected like upstream.
 */
export function parseCron(text: string): ParsedCron {
  const expression = text.trim();
  let timezone = 'UTC';
  let pattern = expression;
  const prefixed = /^CRON_TZ=(\S+)\s+(.*)$/.exec(expression);
  if (prefixed) {
    timezone = prefixed[1]!;
    pattern = prefixed[2]!.trim();
  } else if (expression.startsWith('CRON_TZ=')) {
    throw badRequest(`Upstash-Cron "${text}" has a CRON_TZ= prefix but no cron fields after it`);
  }
  let cron: Cron;
  try {
    cron = new Cron(pattern, { mode: '5-part', timezone });
    // Evaluating once surfaces an unknown time zone now rather than at the first trigger.
    cron.nextRun();
  } catch (error) {
    const reason = (error as Error).message.replace(/^Cron(Pattern|Date): /, '');
    throw badRequest(
      `Upstash-Cron "${text}" is not a valid 5-field cron expression (minute hour day-of-month month day-of-week, optional "CRON_TZ=<zone> " prefix): ${reason}`,
    );
  }
  return {
    expression,
    timezone,
    nextAfter(afterMs) {
      return cron.nextRun(new Date(afterMs))?.getTime();
    },
  };
}
