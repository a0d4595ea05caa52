// AWS Signature Version 4 for the browser: the console signs its SWF calls like any AWS client.
// Web Crypto (HMAC-SHA256, SHA-256) where the page is a secure context (https, or http on
// localhost / 127.0.0.1); elsewhere (plain http on another host) a small JavaScript SHA-256.
'use strict';

const SigV4 = (() => {
  const enc = new TextEncoder();
  const subtle = (typeof crypto !== 'undefined' && crypto.subtle) ? crypto.subtle : null;

  function hex(bytes) {
    let s = '';
    for (const b of new Uint8Array(bytes)) s += b.toString(16).padStart(2, '0');
    return s;
  }

  function bytes(data) {
    return typeof data === 'string' ? enc.encode(data) : new Uint8Array(data);
  }

  // --- JavaScript SHA-256 and HMAC (FIPS 180-4, RFC 2104), for pages without Web Crypto ---
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  function sha256js(data) {
    const msg = bytes(data);
    const len = msg.length;
    const padded = new Uint8Array(((len + 9 + 63) >> 6) << 6);
    padded.set(msg);
    padded[len] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(len / 0x20000000));
    view.setUint32(padded.length - 4, (len << 3) >>> 0);
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let off = 0; off < padded.length; off += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let i = 0; i < 64; i++) {
        const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        const ch = (e & f) ^ (~e & g);
        const t1 = (hh + S1 + ch + K[i] + w[i]) >>> 0;
        const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        const maj = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (S0 + maj) >>> 0;
        hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    const out = new Uint8Array(32);
    const ov = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]);
    return out;
  }

  function hmacjs(key, data) {
    let k = bytes(key);
    if (k.length > 64) k = sha256js(k);
    const block = new Uint8Array(64);
    block.set(k);
    const inner = new Uint8Array(64 + bytes(data).length);
    const outer = new Uint8Array(64 + 32);
    for (let i = 0; i < 64; i++) {
      inner[i] = block[i] ^ 0x36;
      outer[i] = block[i] ^ 0x5c;
    }
    inner.set(bytes(data), 64);
    outer.set(sha256js(inner), 64);
    return sha256js(outer);
  }

  // --- the two primitives, Web Crypto when there is one ---
  async function sha256(data, forceJs) {
    if (subtle && !forceJs) return new Uint8Array(await subtle.digest('SHA-256', bytes(data)));
    return sha256js(data);
  }

  async function hmac(key, data, forceJs) {
    if (subtle && !forceJs) {
      const k = await subtle.importKey('raw', bytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return new Uint8Array(await subtle.sign('HMAC', k, bytes(data)));
    }
    return hmacjs(key, data);
  }

  function amzDate(date) {
    return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  }

  /**
   * Signs a request. headers: the headers to sign, by name (host included; names are lower-cased).
   * Returns {authorization, amzDate, signature, canonicalRequest, stringToSign}.
   */
  async function sign({ method, path, query, headers, body, region, service, accessKeyId, secretAccessKey, date, forceJs }) {
    const when = amzDate(date || new Date());
    const day = when.slice(0, 8);
    const lower = {};
    for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = String(v).trim().replace(/ +/g, ' ');
    if (!('x-amz-date' in lower)) lower['x-amz-date'] = when;
    const names = Object.keys(lower).sort();
    const signedHeaders = names.join(';');
    const payloadHash = hex(await sha256(body || '', forceJs));
    const canonicalRequest = [method, path || '/', query || '',
      names.map((n) => n + ':' + lower[n]).join('\n') + '\n', signedHeaders, payloadHash].join('\n');
    const scope = `${day}/${region}/${service}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', lower['x-amz-date'], scope, hex(await sha256(canonicalRequest, forceJs))].join('\n');
    let key = await hmac('AWS4' + secretAccessKey, day, forceJs);
    key = await hmac(key, region, forceJs);
    key = await hmac(key, service, forceJs);
    key = await hmac(key, 'aws4_request', forceJs);
    const signature = hex(await hmac(key, stringToSign, forceJs));
    return {
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
      amzDate: lower['x-amz-date'], signature, canonicalRequest, stringToSign,
    };
  }

  return { sign, sha256, hmac, hex, amzDate, webCrypto: !!subtle };
})();

if (typeof module !== 'undefined') module.exports = SigV4; // node, for the signing test
