import 'server-only';
import { getNotificationDependencies, type Mailer } from '@/modules/notifications';
import { getPrebookingDependencies, type PrebookingDependencies } from '@/modules/prebooking';
import type { PreflightFinding } from './preflight.schema';

export interface PreflightWarning {
  memberId: string;
  prebookingId: string;
  className: string;
  classDay: string;
  classStartTime: string;
  findings: PreflightFinding[];
}

export interface PreflightDependencies extends PrebookingDependencies {
  mailer: Mailer;
  /**
   * Push notification of open findings. TODO(issue 18): web push is built there; until it lands
   * this does nothing and the email is the warning. Must not throw.
   */
  pushPreflightWarning(warning: PreflightWarning): Promise<void>;
}

let defaults: PreflightDependencies | undefined;

export function getPreflightDependencies(): PreflightDependencies {
  defaults ??= {
    ...getPrebookingDependencies(),
    mailer: getNotificationDependencies().mailer,
    pushPreflightWarning: async () => undefined,
  };
  return defaults;
}
