// Re-checks an audit entry's inclusion proof in the browser with WebCrypto, independently of the
// server's own check: leaf hash = SHA-256(0x00 || leafInput), then RFC 9162 §2.1.3.2 up to the
// checkpoint's root; and, where the browser supports Ed25519, the checkpoint's signature.
(function () {
  function b64(s) { return Uint8Array.from(atob(s), function (c) { return c.charCodeAt(0); }); }
  function concat(a, b, c) {
    var out = new Uint8Array(a.length + b.length + (c ? c.length : 0));
    out.set(a, 0); out.set(b, a.length); if (c) { out.set(c, a.length + b.length); }
    return out;
  }
  async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)); }
  function leafHash(input) { return sha256(concat(new Uint8Array([0]), input)); }
  function nodeHash(l, r) { return sha256(concat(new Uint8Array([1]), l, r)); }
  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }
  async function rootFromInclusion(index, size, leaf, proof) {
    if (index >= size) { throw new Error('index beyond size'); }
    var fn = BigInt(index), sn = BigInt(size) - 1n, r = leaf;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0n) { throw new Error('proof too long'); }
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(proof[i], r);
        if ((fn & 1n) === 0n) { while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; } }
      } else {
        r = await nodeHash(r, proof[i]);
      }
      fn >>= 1n; sn >>= 1n;
    }
    if (sn !== 0n) { throw new Error('proof too short'); }
    return r;
  }
  async function run(el) {
    var d = el.dataset;
    if (!window.crypto || !crypto.subtle) { el.textContent = d.msgNa; return; }
    try {
      var proof = d.proof ? d.proof.split(',').map(b64) : [];
      var leaf = await leafHash(b64(d.leafInput));
      var root = await rootFromInclusion(d.index, d.size, leaf, proof);
      var ok = equal(root, b64(d.root));
      var text = ok ? d.msgOk : d.msgBad;
      try {
        var key = await crypto.subtle.importKey('spki', b64(d.publicKey), { name: 'Ed25519' }, false, ['verify']);
        var sigOk = await crypto.subtle.verify({ name: 'Ed25519' }, key, b64(d.signature), new TextEncoder().encode(d.body));
        text += ' · ' + (sigOk ? d.msgSigOk : '✗ Ed25519');
        ok = ok && sigOk;
      } catch (e) {
        text += ' · ' + d.msgSigNa;
      }
      el.textContent = text;
      el.className = 'alert ' + (ok ? 'ok' : 'error');
    } catch (e) {
      el.textContent = d.msgBad + ' (' + e.message + ')';
      el.className = 'alert error';
    }
  }
  function start() { document.querySelectorAll('#browser-check').forEach(run); }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
