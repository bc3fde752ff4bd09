import { useEffect, useRef, useState } from 'react';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect: (source: HTMLVideoElement) => Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

function detectorClass(): BarcodeDetectorConstructor | null {
  const candidate = (window as unknown as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
  return candidate ?? null;
}

export function cameraScanningAvailable(): boolean {
  return detectorClass() !== null && Boolean(navigator.mediaDevices?.getUserMedia);
}

/** Reads barcodes from the camera with the browser's BarcodeDetector. */
export function CameraScanner({ onScan, onClose }: { onScan: (code: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const handler = useRef(onScan);
  handler.current = onScan;

  useEffect(() => {
    const Detector = detectorClass();
    if (!Detector) return;
    const detector = new Detector();
    let stream: MediaStream | null = null;
    let stopped = false;
    let lastCode = '';
    let lastAt = 0;
    const tick = async () => {
      if (stopped || !video.current) return;
      try {
        const codes = await detector.detect(video.current);
        const code = codes[0]?.rawValue;
        // The same code is held in front of the camera for a while: count it once a second.
        if (code && (code !== lastCode || performance.now() - lastAt > 1500)) {
          lastCode = code;
          lastAt = performance.now();
          handler.current(code);
        }
      } catch {
        /* a frame that could not be read */
      }
      if (!stopped) setTimeout(() => void tick(), 200);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return;
        video.current.srcObject = media;
        await video.current.play();
        void tick();
      })
      .catch(() => setProblem('The camera could not be opened. Allow camera access, or type or scan the code instead.'));
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <div className="camera">
      {problem ? <p className="error" role="alert">{problem}</p> : <video ref={video} muted playsInline aria-label="Camera preview" />}
      <button type="button" className="ghost" onClick={onClose}>Stop camera</button>
    </div>
  );
}
