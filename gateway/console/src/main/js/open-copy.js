// Opens a secure copy in the person's own browser: the gateway sends the envelope it stored for the organisation
// (CMS EnvelopedData around the gateway's SignedData), and this script decrypts it with the organisation's private
// key and checks the gateway's signature before anything is shown. The key never leaves the browser: it is read from
// a file once, imported as non-extractable (WebCrypto will not hand its bytes to anyone, this script included) and
// kept in this browser's IndexedDB until the person removes it. PKI.js reads and checks the CMS structures.
import * as pkijs from 'pkijs';

const DATABASE = 'safeguarding-gateway-console';
const KEYS = 'organisation-keys';

// ------------------------------------------------------------------------------------------ the key in IndexedDB

function database() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(KEYS);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function keys(mode, work) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const request = work(db.transaction(KEYS, mode).objectStore(KEYS));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const storedKey = (organisation) => keys('readonly', (store) => store.get(organisation));
const keepKey = (organisation, entry) => keys('readwrite', (store) => store.put(entry, organisation));
const forgetKey = (organisation) => keys('readwrite', (store) => store.delete(organisation));

// ------------------------------------------------------------------------------------------------ PEM and DER

function der(pem, expected) {
  const found = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!found) {
    throw new Error('This file is not a key file: it has no "-----BEGIN ' + expected + '-----" line.');
  }
  if (found[1] !== expected) {
    throw new Error('This file holds a ' + found[1].toLowerCase() + ', not a ' + expected.toLowerCase() + '.');
  }
  const text = atob(found[2].replace(/\s+/g, ''));
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    bytes[i] = text.charCodeAt(i);
  }
  return bytes.buffer;
}

// --------------------------------------------------------------------------------------------------- the copy

// The envelopes are RSA-OAEP with SHA-256 for OAEP and MGF1 (the gateway's CmsEnvelope); WebCrypto binds the hash to
// the key when it is imported, and takes one hash for both.
const KEY_ALGORITHM = { name: 'RSA-OAEP', hash: 'SHA-256' };

async function importKey(file) {
  const pkcs8 = der(await file.text(), 'PRIVATE KEY');
  try {
    return await crypto.subtle.importKey('pkcs8', pkcs8, KEY_ALGORITHM, false, ['decrypt']);
  } catch (e) {
    throw new Error('This private key cannot open copies (an RSA key is needed): ' + e.message);
  }
}

function octets(octetString) {
  return new Uint8Array(octetString.getValue());
}

/** Decrypts and verifies one envelope; answers the content's bytes and the signer's name, or throws saying why not. */
async function open(envelope, key, gatewayCa) {
  const outer = pkijs.ContentInfo.fromBER(envelope);
  if (outer.contentType !== pkijs.ContentInfo.ENVELOPED_DATA) {
    throw new Error('The gateway sent something that is not an encrypted copy.');
  }
  let inner;
  try {
    inner = await new pkijs.EnvelopedData({ schema: outer.content }).decrypt(0, { recipientPrivateKey: key });
  } catch (e) {
    throw new Error('This key does not open the copy: it was encrypted for another key. (' + e.message + ')');
  }
  const signedInfo = pkijs.ContentInfo.fromBER(inner);
  if (signedInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) {
    throw new Error('The copy is not signed by the gateway: it is not shown.');
  }
  const signed = new pkijs.SignedData({ schema: signedInfo.content });
  const trusted = pkijs.Certificate.fromBER(der(gatewayCa, 'CERTIFICATE'));
  let verdict;
  try {
    verdict = await signed.verify({ signer: 0, trustedCerts: [trusted], checkChain: true, extendedMode: true });
  } catch (e) {
    verdict = e;
  }
  if (!verdict || !verdict.signatureVerified) {
    throw new Error('The gateway\'s signature on this copy does not verify: it is not shown. ' + (verdict && verdict.message || ''));
  }
  const signer = verdict.signerCertificate ? verdict.signerCertificate.subject.typesAndValues.map((t) => t.value.valueBlock.value).join(', ') : 'the gateway';
  return { content: octets(signed.encapContentInfo.eContent), signer };
}

// ------------------------------------------------------------------------------------------------------- page

function show(element, visible) {
  element.hidden = !visible;
}

function say(outcome, text, problem) {
  outcome.textContent = text;
  outcome.className = problem ? 'govuk-error-message' : 'govuk-body';
}

function isPdf(bytes) {
  return bytes.length > 4 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46; // %PDF
}

function text(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (notText) {
    return null;
  }
}

function json(readable) {
  try {
    const value = JSON.parse(readable);
    return value !== null && typeof value === 'object' ? value : null;
  } catch (notJson) {
    return null;
  }
}

// incidentDateTime -> Incident date time
function words(name) {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A notice (JSON) as a list a person reads: built from DOM nodes, never as HTML, so nothing in it can run. */
function render(value) {
  if (Array.isArray(value)) {
    const list = document.createElement('ol');
    list.className = 'govuk-list govuk-list--number';
    value.forEach((item) => {
      const entry = document.createElement('li');
      entry.appendChild(render(item));
      list.appendChild(entry);
    });
    return list;
  }
  if (value !== null && typeof value === 'object') {
    const list = document.createElement('dl');
    list.className = 'govuk-summary-list govuk-summary-list--no-border console-notice';
    Object.entries(value).forEach(([name, item]) => {
      const row = document.createElement('div');
      row.className = 'govuk-summary-list__row';
      const key = document.createElement('dt');
      key.className = 'govuk-summary-list__key';
      key.textContent = words(name);
      const cell = document.createElement('dd');
      cell.className = 'govuk-summary-list__value';
      cell.appendChild(render(item));
      row.append(key, cell);
      list.appendChild(row);
    });
    return list;
  }
  const span = document.createElement('span');
  span.textContent = value === true ? 'yes' : value === false ? 'no' : String(value);
  return span;
}

async function start(section) {
  const organisation = section.dataset.organisation;
  const $ = (id) => document.getElementById(id);
  const outcome = $('copy-outcome');

  async function refresh() {
    const entry = await storedKey(organisation);
    show($('key-missing'), !entry);
    show($('key-present'), Boolean(entry));
    if (entry) {
      $('key-kept-since').textContent = new Date(entry.kept).toLocaleString('en-GB');
    }
  }

  $('use-key').addEventListener('click', async () => {
    const file = $('key-file').files[0];
    if (!file) {
      say(outcome, 'Choose your organisation\'s private key file first.', true);
      return;
    }
    try {
      const key = await importKey(file);
      // the gateway's CA is pinned with the key: a copy later signed under another CA is refused
      const ca = await (await fetch(section.dataset.ca, { credentials: 'same-origin' })).text();
      der(ca, 'CERTIFICATE');
      await keepKey(organisation, { key, ca, kept: new Date().toISOString() });
      $('key-file').value = '';
      say(outcome, 'The key is kept in this browser only. It cannot be read back out of it.', false);
      await refresh();
    } catch (e) {
      say(outcome, e.message, true);
    }
  });

  $('forget-key').addEventListener('click', async () => {
    await forgetKey(organisation);
    show($('copy-shown'), false);
    say(outcome, 'The key has been removed from this browser.', false);
    await refresh();
  });

  $('open-copy').addEventListener('click', async () => {
    show($('copy-shown'), false);
    say(outcome, 'Opening...', false);
    try {
      const entry = await storedKey(organisation);
      const answer = await fetch(section.dataset.content, { credentials: 'same-origin' });
      if (!answer.ok) {
        throw new Error('The gateway did not send the copy (status ' + answer.status + ').');
      }
      const { content, signer } = await open(await answer.arrayBuffer(), entry.key, entry.ca);
      $('copy-signer').textContent = signer;
      const readable = isPdf(content) ? null : text(content);
      const type = isPdf(content) ? 'application/pdf' : readable !== null ? 'text/plain;charset=utf-8' : 'application/octet-stream';
      const download = $('copy-download');
      download.href = URL.createObjectURL(new Blob([content], { type }));
      download.download = section.dataset.message + (isPdf(content) ? '.pdf' : readable !== null ? '.txt' : '.bin');
      const notice = readable !== null ? json(readable) : null;
      $('copy-notice').replaceChildren(...(notice !== null ? [render(notice)] : []));
      show($('copy-notice'), notice !== null);
      $('copy-text').textContent = readable !== null && notice === null ? readable : '';
      show($('copy-text'), readable !== null && notice === null);
      show($('copy-pdf'), isPdf(content));
      $('copy-pdf-link').href = download.href;
      show($('copy-shown'), true);
      say(outcome, 'Opened and checked: the gateway signed this copy and nobody has changed it since.', false);
      $('copy-shown').focus();
    } catch (e) {
      say(outcome, e.message, true);
    }
  });

  if (!window.isSecureContext || !crypto.subtle || !window.indexedDB) {
    say(outcome, 'This browser cannot open copies here: it needs WebCrypto and IndexedDB (HTTPS, or localhost).', true);
    return;
  }
  await refresh();
}

const section = document.getElementById('copy');
if (section) {
  start(section);
}
