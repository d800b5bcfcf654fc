// The TOTP setup URI as a QR code, drawn on a canvas (uqr computes the modules).
import { useEffect, useRef } from 'react';
import { encode } from 'uqr';

export function TotpQrCode({ uri, scale = 5 }) {
  const canvas = useRef(null);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const qr = encode(uri, { ecc: 'M', border: 2 });
    el.width = qr.size * scale;
    el.height = qr.size * scale;
    const ctx = el.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, el.width, el.height);
    ctx.fillStyle = '#111827';
    qr.data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) ctx.fillRect(x * scale, y * scale, scale, scale);
      }),
    );
  }, [uri, scale]);
  return <canvas ref={canvas} className="qr" role="img" aria-label="QR code of the authenticator setup URI" data-testid="totp-qr" />;
}
