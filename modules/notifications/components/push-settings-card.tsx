'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import styles from './push-settings.module.css';
import type { PushPreference } from '../notifications.schema';
import type { PushDevice } from '../push/push-subscription.schema';
import { describeDevice, withPushPhrases, type PushLocale } from './push-phrases';
import type { PushStrings } from './push-texts';

type Support = 'checking' | 'unsupported' | 'supported';

function applicationServerKey(base64Url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64Url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let index = 0; index < raw.length; index += 1) bytes[index] = raw.charCodeAt(index);
  return bytes;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function registration(): Promise<ServiceWorkerRegistration> {
  return (await navigator.serviceWorker.getRegistration('/')) ?? navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
}

/**
 * Push per device: the member turns it on here (notification permission, then a subscription to
 * the push service with our VAPID public key, stored by POST /api/me/push-subscriptions), picks
 * which outcomes are pushed, and sees and removes their devices.
 */
export function PushSettingsCard({
  initialPreference,
  publicKey,
  initialDevices,
  locale,
  strings,
}: {
  initialPreference: PushPreference;
  publicKey: string;
  initialDevices: PushDevice[];
  locale: PushLocale;
  /** The card's fixed wording in the page's language (pushStrings, on the server). */
  strings: PushStrings;
}) {
  const texts = withPushPhrases(strings, locale);
  const [support, setSupport] = useState<Support>('checking');
  const [devices, setDevices] = useState(initialDevices);
  const [currentHash, setCurrentHash] = useState<string | null>(null);
  const [choice, setChoice] = useState<PushPreference>(initialPreference);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // Dates are shown in the browser's own zone, so only once hydrated (the server's zone may differ).
  const [dateFormat, setDateFormat] = useState<Intl.DateTimeFormat | null>(null);

  const readCurrent = useCallback(async () => {
    const subscription = await (await registration()).pushManager.getSubscription();
    setCurrentHash(subscription ? await sha256Hex(subscription.endpoint) : null);
  }, []);

  useEffect(() => {
    const supported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
    // Feature detection needs the browser, so it runs after hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSupport(supported ? 'supported' : 'unsupported');
    setDateFormat(new Intl.DateTimeFormat(locale === 'es' ? 'es-ES' : 'en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }));
    if (supported) readCurrent().catch(() => undefined);
  }, [readCurrent, locale]);

  const enable = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        setMessage(texts.denied);
        return;
      }
      const subscription = await (await registration()).pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(publicKey) });
      const response = await fetch('/api/me/push-subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...subscription.toJSON(), deviceLabel: describeDevice(navigator.userAgent) }),
      });
      const body = (await response.json().catch(() => null)) as { device?: PushDevice; error?: { message?: string } } | null;
      if (!response.ok || !body?.device) {
        await subscription.unsubscribe().catch(() => undefined);
        setMessage(body?.error?.message ?? texts.failed);
        return;
      }
      const device = body.device;
      setDevices((current) => [...current.filter((entry) => entry.id !== device.id), device]);
      setCurrentHash(device.endpointHash);
      setMessage(texts.enabled);
    } catch {
      setMessage(texts.failed);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (device: PushDevice) => {
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch(`/api/me/push-subscriptions/${device.id}`, { method: 'DELETE' });
      if (!response.ok && response.status !== 404) {
        setMessage(texts.failed);
        return;
      }
      setDevices((current) => current.filter((entry) => entry.id !== device.id));
      if (device.endpointHash === currentHash) {
        const subscription = await (await registration()).pushManager.getSubscription();
        await subscription?.unsubscribe();
        setCurrentHash(null);
      }
    } finally {
      setBusy(false);
    }
  };

  const [saveStatus, setSaveStatus] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaveStatus('saving');
    const response = await fetch('/api/me/notifications', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pushOutcomes: choice }) }).catch(() => null);
    setSaveStatus(response?.ok ? 'saved' : 'error');
  };

  const here = devices.find((device) => device.endpointHash === currentHash);
  return (
    <section className={styles.card} aria-labelledby="push-notifications" id="push">
      <h2 id="push-notifications">{texts.title}</h2>
      <p className={styles.muted}>{texts.intro}</p>
      {support === 'unsupported' ? <p className={styles.warning}>{texts.unsupported}</p> : null}
      {support === 'supported' ? (
        <div className={styles.actions}>
          {here ? (
            <button type="button" className={styles.danger} disabled={busy} onClick={() => remove(here)}>
              {texts.disableHere}
            </button>
          ) : (
            <button type="button" className={styles.primary} disabled={busy} onClick={enable}>
              {busy ? texts.enabling : texts.enable}
            </button>
          )}
        </div>
      ) : null}
      <p aria-live="polite" className={styles.muted}>
        {message}
      </p>
      <h3>{texts.devices}</h3>
      {devices.length === 0 ? (
        <p className={styles.muted}>{texts.noDevices}</p>
      ) : (
        <ul className={styles.devices} aria-label={texts.devices}>
          {devices.map((device) => (
            <li key={device.id} data-device-id={device.id}>
              <strong>{device.label}</strong>
              {device.endpointHash === currentHash ? ` (${texts.thisDevice})` : ''}
              {dateFormat ? <span className={styles.muted}>{texts.added(dateFormat.format(new Date(device.createdAt)))}</span> : null}
              {dateFormat && device.lastSentAt ? <span className={styles.muted}> · {texts.lastSent(dateFormat.format(new Date(device.lastSentAt)))}</span> : null}{' '}
              <button type="button" disabled={busy} onClick={() => remove(device)} aria-label={`${texts.remove} ${device.label}`}>
                {texts.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={save}>
        <fieldset className={styles.field}>
          <legend>{texts.choose}</legend>
          {(['all', 'failures', 'none'] as const).map((value) => (
            <label key={value} className={styles.checkbox}>
              <input type="radio" name="pushOutcomes" value={value} checked={choice === value} onChange={() => setChoice(value)} />
              {texts[value]}
            </label>
          ))}
        </fieldset>
        <div className={styles.actions}>
          <button type="submit" className={styles.primary} disabled={saveStatus === 'saving'}>
            {texts.save}
          </button>
          <span aria-live="polite" className={styles.muted}>
            {saveStatus === 'saved' ? texts.saved : saveStatus === 'error' ? texts.failed : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
