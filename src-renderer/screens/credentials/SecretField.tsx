/** A secret shown masked (•••) until revealed, with a copy button. */
import { useState } from 'react';

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // clipboard refused (permissions): the value stays on screen for manual copy
  }
}

export function CopyButton({ text, testId, label = 'Copy' }: { text: string; testId?: string; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      className="btn small"
      type="button"
      onClick={() => void copyText(text).then((ok) => {
        setDone(ok);
        setTimeout(() => setDone(false), 1200);
      })}
      data-testid={testId}
    >
      {done ? 'Copied' : label}
    </button>
  );
}

export interface SecretInputProps {
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  testId?: string;
  ariaLabel: string;
}

/** An editable secret: a password input with Reveal/Hide and Copy. */
export function SecretInput({ value, onChange, placeholder, testId, ariaLabel }: SecretInputProps) {
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="row nowrap">
      <input
        className="mono grow"
        type={revealed ? 'text' : 'password'}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-label={ariaLabel}
        data-testid={testId}
        autoComplete="off"
      />
      <button className="btn small" type="button" onClick={() => setRevealed(!revealed)} data-testid={testId && `${testId}-reveal`}>
        {revealed ? 'Hide' : 'Reveal'}
      </button>
      {value && <CopyButton text={value} />}
    </div>
  );
}

/** A stored secret shown read-only: `ab••••••yz` until revealed. */
export function MaskedValue({ value, testId }: { value: string; testId?: string }) {
  const [revealed, setRevealed] = useState(false);
  const masked = value.length > 8 ? `${value.slice(0, 4)}${'•'.repeat(8)}${value.slice(-4)}` : '•'.repeat(8);
  return (
    <span className="row nowrap masked-value">
      <code className="grow secret-text" data-testid={testId} title={revealed ? value : undefined}>
        {revealed ? value : masked}
      </code>
      <button className="btn small" type="button" onClick={() => setRevealed(!revealed)}>
        {revealed ? 'Hide' : 'Reveal'}
      </button>
      <CopyButton text={value} />
    </span>
  );
}
