/**
 * External notification channels (e-mail, SMS). Off by default: the in-app notice is always
 * written; a channel only sends when switched on in the environment:
 *
 *   NOTIFY_CHANNELS=email,sms     which channels send (default: none)
 *   NOTIFY_EMAIL_TRANSPORT=log    how e-mail is sent: `log` writes one JSON line per message to the
 *                                 server log (the only transport shipped; an SMTP or government
 *                                 mail gateway implements `NotificationChannel` and is added to
 *                                 TRANSPORTS below)
 *   NOTIFY_SMS_TRANSPORT=log      the same for SMS
 *
 * Delivery never runs inside the decision's transaction: the process sweeper
 * (server/sweeps.ts) claims undelivered notices with SKIP LOCKED, sends them through every
 * switched-on channel and marks them delivered, so several app instances never send twice and a
 * rolled-back decision sends nothing.
 */
export interface OutgoingMessage {
  to: { userId: string; name: string; email: string | null };
  subject: string;
  body: string;
}

export interface NotificationChannel {
  name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** Writes the message to the server log instead of sending it (for trials and for tests). */
export const logTransport = (channel: string): NotificationChannel => ({
  name: channel,
  async send(m) {
    console.info(JSON.stringify({ notify: channel, to: m.to.userId, email: channel === 'email' ? m.to.email : undefined, subject: m.subject }));
  },
});

const TRANSPORTS: Record<string, (channel: string) => NotificationChannel> = { log: logTransport };
export const CHANNEL_NAMES = ['email', 'sms'] as const;

/** The channels switched on by the environment; empty by default. Unknown names are ignored with a warning. */
export function enabledChannels(env: Record<string, string | undefined> = process.env): NotificationChannel[] {
  const names = (env.NOTIFY_CHANNELS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const out: NotificationChannel[] = [];
  for (const name of names) {
    if (!(CHANNEL_NAMES as readonly string[]).includes(name)) {
      console.warn(`[notify] unknown channel "${name}" in NOTIFY_CHANNELS ignored`);
      continue;
    }
    const transport = env[`NOTIFY_${name.toUpperCase()}_TRANSPORT`] ?? 'log';
    const make = TRANSPORTS[transport];
    if (!make) {
      console.warn(`[notify] unknown transport "${transport}" for ${name}; channel stays off`);
      continue;
    }
    out.push(make(name));
  }
  return out;
}
