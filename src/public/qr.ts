import QRCode from 'qrcode';

/**
 * A QR code for a URL as an SVG element, drawn on the server by the `qrcode` library: no
 * script or image request on the poster, and it prints sharp at any size. Error correction M
 * (15 %) survives a crumpled or partly torn poster; the 4-module quiet zone is the standard's.
 * The SVG comes from the library (modules as path data, no text of ours inside); we only add
 * an accessible name.
 */
export async function qrCodeSvg(url: string, label: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const name = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return svg.replace('<svg ', `<svg role="img" aria-label="${name}" class="qr" `);
}
