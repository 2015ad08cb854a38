import 'server-only';
import nodemailer from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per outcome: should a send be repeated after a crash, mail clients thread/dedupe it. */
  messageId: string;
  headers?: Record<string, string>;
}

/** The seam the notifier sends through; tests swap in a fake. */
export interface Mailer {
  /** False when no SMTP server is configured: deliveries are then recorded as skipped. */
  readonly configured: boolean;
  send(email: OutgoingEmail): Promise<{ messageId: string; response: string }>;
}

/** Short timeouts keep one attempt well inside the delivery lease and QStash's response limit. */
const TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 };

export function createSmtpMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) {
    return {
      configured: false,
      send: () => Promise.reject(new Error('SMTP_URL is not set: no email can be sent.')),
    };
  }
  const transport = nodemailer.createTransport({ url: smtpUrl, ...TIMEOUTS });
  return {
    configured: true,
    async send(email) {
      const info = await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: email.headers,
      });
      return { messageId: info.messageId, response: info.response };
    },
  };
}
