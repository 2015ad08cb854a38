import { formatDayLong, type Locale } from '@/modules/i18n';
import type { PreflightFinding } from './preflight.schema';
import { describeFinding } from './preflight-texts';

export interface PreflightEmailInput {
  locale: Locale;
  memberName: string;
  className: string;
  boxName: string;
  timeZone: string;
  classDay: string;
  classStartTime: string;
  findings: PreflightFinding[];
  appBaseUrl: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The warning a pre-flight sends when the member must act before the opening instant. */
export function composePreflightEmail(input: PreflightEmailInput): { subject: string; text: string; html: string } {
  const es = input.locale === 'es';
  const when = `${formatDayLong(input.classDay, input.locale)} ${input.classStartTime}`;
  const subject = es ? `Acción necesaria: ${input.className}, ${when}` : `Action needed: ${input.className}, ${when}`;
  const lines = input.findings.filter((f) => f.severity === 'action').map((f) => describeFinding(f, input.locale, input.timeZone, input.className));
  // My classes is where the one-tap fixes are (My prebookings only redirects there since issue 13).
  const link = `${input.appBaseUrl}/my-classes`;
  const intro = es
    ? `Hola ${input.memberName}: antes de que abra la reserva de ${input.className} (${when}, ${input.boxName}) Prebooker lo ha comprobado con AimHarder y algo impediría reservarla:`
    : `Hi ${input.memberName}, before booking opens for ${input.className} (${when}, ${input.boxName}) Prebooker checked it with AimHarder, and something would stop the booking:`;
  const outro = es ? `Arréglalo con un toque en ${link}. Prebooker no cancela nada por su cuenta.` : `Fix it with one tap at ${link}. Prebooker cancels nothing on its own.`;
  return {
    subject,
    text: [intro, '', ...lines.map((line) => `- ${line}`), '', outro].join('\n'),
    html: `<p>${escapeHtml(intro)}</p><ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul><p><a href="${escapeHtml(link)}">${escapeHtml(es ? 'Abrir Mis clases' : 'Open My classes')}</a></p><p>${escapeHtml(es ? 'Prebooker no cancela nada por su cuenta.' : 'Prebooker cancels nothing on its own.')}</p>`,
  };
}
