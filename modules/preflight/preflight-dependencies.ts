import 'server-only';
import { getNotificationDependencies, sendPreflightWarningPush, type Mailer } from '@/modules/notifications';
import { getPrebookingDependencies, type PrebookingDependencies } from '@/modules/prebooking';
import type { PreflightFinding } from './preflight.schema';
import { composePreflightPush } from './preflight-push';

export interface PreflightWarning {
  memberId: string;
  prebookingId: string;
  className: string;
  classDay: string;
  classStartTime: string;
  findings: PreflightFinding[];
  /** The member's language and the box's time zone, for the push's words. */
  locale: 'en' | 'es';
  timeZone: string;
  /** The opening instant: after it the warning no longer matters (the push's time to live). */
  relevantUntilMs: number;
}

export interface PreflightDependencies extends PrebookingDependencies {
  mailer: Mailer;
  /**
   * Push notification of open findings (issue 18's web push, beside the email). May throw (push
   * service unavailable): the caller logs it and the email still goes.
   */
  pushPreflightWarning(warning: PreflightWarning): Promise<void>;
}

let defaults: PreflightDependencies | undefined;

export function getPreflightDependencies(): PreflightDependencies {
  defaults ??= {
    ...getPrebookingDependencies(),
    mailer: getNotificationDependencies().mailer,
    pushPreflightWarning: async (warning) => {
      await sendPreflightWarningPush(getNotificationDependencies(), composePreflightPush(warning));
    },
  };
  return defaults;
}
