// ITISA signing keys in the browser (WebCrypto Ed25519).
// The private key is generated here and stays here (IndexedDB, non-extractable unless the user asks
// for a key file); only the public key and signatures are sent to the server
// (Electronic Signature Law art. 13: the signature-creation data is controlled by the signer alone).
(function () {
  "use strict";
  var DB = "itisa-keys";
  var STORE = "keys";

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "keyId" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function put(record) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, "readwrite");
        tx.objectStore(STORE).put(record);
        tx.oncomplete = function () { resolve(); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function get(keyId) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var request = db.transaction(STORE).objectStore(STORE).get(keyId);
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    });
  }
  function b64(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return btoa(text);
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function fromB64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function keyIdOf(raw) {
    // as on the server: the first 16 hex digits of SHA-256(raw public key)
    return crypto.subtle.digest("SHA-256", raw).then(function (d) { return hex(d).slice(0, 16); });
  }
  function pem(label, buffer) {
    var body = b64(buffer).match(/.{1,64}/g).join("\n");
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }
  function say(element, text, kind) {
    if (!element) { return; }
    element.textContent = text;
    element.className = "alert alert-" + (kind || "info") + " mt-2";
    element.hidden = false;
  }

  // --- key page: create a key pair here, keep the private key, register the public key ---
  var form = document.getElementById("key-register-form");
  document.querySelectorAll("[data-keygen]").forEach(function (button) {
    button.addEventListener("click", function () {
      var status = document.getElementById("keygen-status");
      var exportable = button.getAttribute("data-keygen") === "exportable";
      var pair, raw, keyId;
      crypto.subtle.generateKey({ name: "Ed25519" }, exportable, ["sign", "verify"])
        .then(function (p) { pair = p; return crypto.subtle.exportKey("raw", pair.publicKey); })
        .then(function (r) { raw = r; return keyIdOf(raw); })
        .then(function (id) {
          keyId = id;
          return put({ keyId: keyId, privateKey: pair.privateKey, publicKey: pair.publicKey, created: new Date().toISOString() });
        })
        .then(function () {
          if (!exportable) { return null; }
          return crypto.subtle.exportKey("pkcs8", pair.privateKey).then(function (pkcs8) {
            var link = document.createElement("a");
            link.href = URL.createObjectURL(new Blob([pem("PRIVATE KEY", pkcs8)], { type: "application/x-pem-file" }));
            link.download = "itisa-key-" + keyId + ".pem";
            document.body.appendChild(link);
            link.click();
            link.remove();
          });
        })
        .then(function () {
          form.querySelector("[name=public_key]").value = b64(raw);
          form.querySelector("[name=origin]").value = "browser";
          var label = form.querySelector("[name=label]");
          if (!label.value) { label.value = button.getAttribute("data-default-label") || ""; }
          say(status, button.getAttribute("data-done") + " " + keyId, "success");
          form.submit();
        })
        .catch(function (error) {
          say(status, (button.getAttribute("data-failed") || "") + " " + error, "danger");
        });
    });
  });
  // mark which of the listed keys are stored in this browser
  document.querySelectorAll("[data-key-here]").forEach(function (cell) {
    get(cell.getAttribute("data-key-here")).then(function (record) {
      if (record) { cell.hidden = false; }
    });
  });

  // --- signing page: a signature cannot be taken back, so the signer ticks the consent box first ---
  function consented(where) {
    var box = document.getElementById("sign-consent");
    if (!box || box.checked) { return true; }
    say(where, box.getAttribute("data-needed"), "warning");
    box.focus();
    return false;
  }

  // --- signing page: sign the digest with a key kept in this browser ---
  var signer = document.getElementById("browser-sign");
  if (signer) {
    var button = signer.querySelector("button");
    var status = document.getElementById("browser-sign-status");
    var ids = (signer.getAttribute("data-key-ids") || "").split(" ").filter(Boolean);
    var found = null;
    Promise.all(ids.map(function (id) { return get(id).catch(function () { return null; }); })).then(function (records) {
      for (var i = 0; i < records.length; i++) {
        if (records[i]) { found = records[i]; break; }
      }
      if (found) {
        button.disabled = false;
        say(status, signer.getAttribute("data-ready") + " " + found.keyId, "info");
      } else {
        say(status, signer.getAttribute("data-missing"), "warning");
      }
    });
    button.addEventListener("click", function () {
      if (!found) { return; }
      if (!consented(status)) { return; }
      button.disabled = true;
      // what is signed: the signing statement (or, for a version opened before statements, the digest)
      var message = fromB64(signer.getAttribute("data-message"));
      crypto.subtle.sign({ name: "Ed25519" }, found.privateKey, message)
        .then(function (signature) {
          var target = document.getElementById("signature-form");
          target.querySelector("[name=key_id]").value = found.keyId;
          target.querySelector("[name=signature]").value = b64(signature);
          target.querySelector("[name=organisation]").value = signer.getAttribute("data-organisation") || "";
          target.submit();
        })
        .catch(function (error) {
          button.disabled = false;
          say(status, (signer.getAttribute("data-failed") || "") + " " + error, "danger");
        });
    });
  }
})();

// --- signing page: sign with the key file that `itisa keys new` wrote (PKCS#8 PEM, Ed25519) ---
// The file is read here and never sent: the input has no name and sits outside every form; only the
// key id and the signature are put in the signature form.
(function () {
  "use strict";
  var box = document.getElementById("keyfile-sign");
  if (!box) { return; }
  var input = box.querySelector("input[type=file]");
  var button = box.querySelector("button");
  var status = document.getElementById("keyfile-sign-status");

  function say(text, kind) {
    status.textContent = text;
    status.className = "alert alert-" + kind + " mt-2";
    status.hidden = false;
  }
  function bytesOfB64(text) {
    var clean = text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/");
    while (clean.length % 4) { clean += "="; }
    var raw = atob(clean);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function b64(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
    return btoa(text);
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function pkcs8(text) {
    var match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(text);
    if (!match) { throw new Error(box.getAttribute("data-not-key")); }
    return bytesOfB64(match[1]);
  }

  input.addEventListener("change", function () { button.disabled = !input.files.length; status.hidden = true; });
  button.addEventListener("click", function () {
    var file = input.files[0];
    if (!file) { return; }
    var consent = document.getElementById("sign-consent");
    if (consent && !consent.checked) {
      say(consent.getAttribute("data-needed"), "warning");
      consent.focus();
      return;
    }
    button.disabled = true;
    var message = bytesOfB64(box.getAttribute("data-message"));
    var privateKey, keyId;
    file.text()
      .then(function (text) {
        // extractable only so that the public half can be read back as JWK (x) for the key id
        return crypto.subtle.importKey("pkcs8", pkcs8(text), { name: "Ed25519" }, true, ["sign"]);
      })
      .then(function (key) { privateKey = key; return crypto.subtle.exportKey("jwk", key); })
      .then(function (jwk) { return crypto.subtle.digest("SHA-256", bytesOfB64(jwk.x)); })
      .then(function (digest) {
        keyId = hex(digest).slice(0, 16);
        return crypto.subtle.sign({ name: "Ed25519" }, privateKey, message);
      })
      .then(function (signature) {
        var target = document.getElementById("signature-form");
        target.querySelector("[name=key_id]").value = keyId;
        target.querySelector("[name=signature]").value = b64(signature);
        target.querySelector("[name=organisation]").value = box.getAttribute("data-organisation") || "";
        input.value = "";
        say(box.getAttribute("data-done") + " " + keyId, "success");
        target.submit();
      })
      .catch(function (error) {
        button.disabled = false;
        say((box.getAttribute("data-failed") || "") + " " + (error && error.message ? error.message : error), "danger");
      });
  });
})();
