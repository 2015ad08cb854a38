'use client';

import { memo, useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import { flushSync } from 'react-dom';

export type SubmitIntent = 'book' | 'prebook' | 'cancel' | 'cancelLate' | 'cancelPrebooking' | 'keep';

interface CardSubmitButtonProps {
  intent: SubmitIntent;
  /** The label at rest, and while this button's action runs ("Booking…"). */
  idle: string;
  busy?: string;
  variant?: string;
  /** Said to screen readers after the label: the class it acts on (a confirmation's buttons are labelled by it). */
  srName?: string;
  /** The card's form action is running (every button is disabled). */
  pending: boolean;
  /** It runs for this button. */
  submittedThis: boolean;
}

/**
 * One submit button of a class card, with its own pressed state (tap feedback, issue 19): the
 * button reads "Booking…" as the finger lands, before the click reaches the form action, and stays
 * so while the action runs. The pressed state lives here so that the pointerdown renders this
 * button alone: rendering the whole card there took 14–18 ms of a ×4-slowed phone's frame.
 * It submits the card's form, so it also works as a plain form post without JavaScript.
 */
export const CardSubmitButton = memo(function CardSubmitButton({ intent, idle, busy = idle, variant = '', srName, pending, submittedThis }: CardSubmitButtonProps) {
  const [pressed, setPressed] = useState(false);
  const [wasPending, setWasPending] = useState(pending);
  if (wasPending !== pending) {
    setWasPending(pending);
    if (!pending) setPressed(false);
  }
  const deferredSubmit = useRef(false);
  // Where the button was when the finger landed: read then, while the layout is still clean.
  // Read at the pointerup instead, it forced a layout of the pressed label before the frame showing it.
  const pressedBox = useRef<DOMRect | null>(null);

  const press = (event: PointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0 || pending) return;
    pressedBox.current = event.currentTarget.getBoundingClientRect();
    // Rendered now, inside the pointerdown, so the next frame shows it.
    flushSync(() => setPressed(true));
  };
  const release = (event: PointerEvent<HTMLButtonElement>) => {
    // Let go outside the button (a touch keeps the pointer captured, so look at where it ended): no click follows.
    const box = pressedBox.current;
    pressedBox.current = null;
    if (box && (event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom)) setPressed(false);
  };
  // The click's submit (form data, the server action call, the router's transition) waits for the
  // frame that paints the pressed label; requestSubmit keeps the button as the submitter.
  const clickSubmit = (event: MouseEvent<HTMLButtonElement>) => {
    if (deferredSubmit.current) {
      event.preventDefault();
      return;
    }
    const button = event.currentTarget;
    const form = button.form;
    if (!form) return;
    event.preventDefault();
    deferredSubmit.current = true;
    // Pressed already by the pointerdown (a keyboard's click was not): rendering again would only delay the frame.
    if (!pressed) flushSync(() => setPressed(true));
    requestAnimationFrame(() =>
      setTimeout(() => {
        deferredSubmit.current = false;
        if (button.isConnected && !button.disabled) form.requestSubmit(button);
        else setPressed(false);
      }, 0),
    );
  };

  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      className={`button${variant}`}
      disabled={pending}
      onPointerDown={press}
      onPointerUp={release}
      onPointerCancel={() => setPressed(false)}
      // A mouse is not captured: it may be let go elsewhere, so leaving the button ends the press (it comes back with the click).
      onPointerLeave={(event) => {
        if (event.pointerType === 'mouse' && !deferredSubmit.current) setPressed(false);
      }}
      onClick={clickSubmit}
    >
      {(pending ? submittedThis : pressed) ? busy : idle}
      {srName ? <span className="sr-only">{` — ${srName}`}</span> : null}
    </button>
  );
});
