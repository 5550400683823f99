import { useEffect, useState } from 'react';
import { toDataURL } from 'qrcode';

interface Props {
  payload: string;
  signed: boolean;
}

/**
 * The QR code as a PNG data URL in an <img>: the CSP allows data: images, and nothing is injected as markup. Pure
 * black on white with a quiet zone, as scanners expect on paper. A whole number of pixels per module (scale), drawn
 * larger than shown, so every module has the same size when the browser scales it to the printed 40 mm.
 */
export function QrImage({ payload, signed }: Props) {
  const [src, setSrc] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    setFailed(false);
    toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, scale: 10, color: { dark: '#000000', light: '#ffffff' } }).then(
      (url) => current && setSrc(url),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [payload]);

  if (failed) return <p className="print-note">The QR code could not be drawn; the IRN beside it is what it would hold.</p>;
  if (!src) return <div className="print-qr print-qr-pending" aria-hidden="true" />;
  return (
    <img
      className="print-qr"
      src={src}
      alt={signed ? 'QR code of the IRN, signed for the NRS' : 'QR code of the IRN, not signed'}
      data-testid="print-qr"
      data-signed={signed}
    />
  );
}
