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
  function fromHex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(text.substr(i * 2, 2), 16); }
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
      button.disabled = true;
      var digest = fromHex(signer.getAttribute("data-digest"));
      crypto.subtle.sign({ name: "Ed25519" }, found.privateKey, digest)
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
