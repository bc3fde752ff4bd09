import { useRef, useState, type KeyboardEvent } from 'react';
import { CameraScanner, cameraScanningAvailable } from './CameraScanner';
import { useWedgeScanner } from './useWedgeScanner';

interface Props {
  onScan: (code: string) => Promise<void>;
  busy: boolean;
}

/**
 * Where scans arrive: a keyboard-wedge scanner types into this field and presses Enter;
 * a burst typed while focus is elsewhere counts too; the camera where the browser can read
 * barcodes.
 */
export function BarcodeField({ onScan, busy }: Props) {
  const [code, setCode] = useState('');
  const [camera, setCamera] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const canUseCamera = cameraScanningAvailable();

  const submit = async (value: string) => {
    const trimmed = value.trim();
    if (!trimmed) return;
    setCode('');
    await onScan(trimmed);
    input.current?.focus();
  };
  useWedgeScanner((scanned) => void submit(scanned));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault(); // Enter ends a scan; it never submits the form.
    void submit(code);
  };

  return (
    <div className="barcode">
      <label className="field grow">
        <span>Barcode</span>
        <input
          ref={input}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Scan or type a barcode or SKU, then Enter"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          autoFocus
          aria-busy={busy}
        />
      </label>
      {canUseCamera && !camera && (
        <button type="button" className="ghost" onClick={() => setCamera(true)}>Scan with camera</button>
      )}
      {camera && <CameraScanner onScan={(scanned) => void submit(scanned)} onClose={() => setCamera(false)} />}
    </div>
  );
}
