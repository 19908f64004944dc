/*
 * The "Authorize" panel of the platform's GraphiQL page.
 *
 * Sign in runs the OAuth client-credentials grant (RFC 6749 4.4) against this platform's own
 * POST /oauth/token: HTTP Basic with the client id and secret, a form body with
 * grant_type=client_credentials and, when given, scope. The token then goes on every request
 * GraphiQL sends (CreditPlatformAuthorize.fetcher wraps GraphiQL's fetcher), and the grant is
 * run again by itself shortly before the token expires.
 *
 * The client secret and the token live only in this script's variables: never in
 * localStorage, sessionStorage, a cookie or the URL (the inputs have no name, so even a
 * native form submission would carry nothing). Reloading the page signs out.
 */
(function () {
  "use strict";

  const TOKEN_URL = "/oauth/token";
  const REVOKE_URL = "/oauth/revoke";
  const RETRY_MS = 30 * 1000; // after a renewal that failed for a passing reason
  const EARLY_MS = 5 * 1000; // a token this close to its expiry is renewed before it is used

  const $ = (id) => document.getElementById(id);
  const form = $("cp-auth-form");
  const clientIdInput = $("cp-client-id");
  const secretInput = $("cp-client-secret");
  const scopeInput = $("cp-scope");
  const signInButton = $("cp-sign-in");
  const sessionBox = $("cp-auth-session");
  const clientOut = $("cp-auth-client");
  const expiryOut = $("cp-auth-expiry");
  const scopesOut = $("cp-auth-scopes");
  const signOutButton = $("cp-sign-out");
  const messageOut = $("cp-auth-message");
  const errorOut = $("cp-auth-error");

  /** The signed-in client: its credentials, its current token and the renewal timer. */
  let session = null;

  /** An error answer of the token or revocation endpoint (or no answer at all). */
  class TokenError extends Error {
    constructor(code, description, retryable) {
      super(description ? code + ": " + description : code);
      this.code = code;
      this.retryable = retryable;
    }
  }

  function basicAuthorization(clientId, secret) {
    // RFC 6749 2.3.1: each part form-encoded, then joined and base64-encoded (ASCII by now).
    return "Basic " + btoa(encodeURIComponent(clientId) + ":" + encodeURIComponent(secret));
  }

  async function post(url, clientId, secret, fields) {
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { Authorization: basicAuthorization(clientId, secret), Accept: "application/json" },
        credentials: "omit", // no cookies, and no browser login prompt on a 401
        cache: "no-store",
        redirect: "error",
      });
    } catch (error) {
      throw new TokenError("network_error", "the platform could not be reached (" + error.message + ")", true);
    }
    let payload = null;
    try {
      payload = await response.json();
    } catch (_) {
      payload = null;
    }
    if (!response.ok) {
      const known = payload && typeof payload.error === "string";
      const retryable = response.status >= 500 || response.status === 429;
      const description = known && typeof payload.error_description === "string" ? payload.error_description : "";
      throw new TokenError(known ? payload.error : "HTTP " + response.status, description, retryable);
    }
    return payload;
  }

  /** Run the client-credentials grant; the token, when it expires and what it may do. */
  async function requestToken(clientId, secret, scope) {
    const fields = { grant_type: "client_credentials" };
    if (scope) fields.scope = scope;
    const sentAt = Date.now();
    const answer = await post(TOKEN_URL, clientId, secret, fields);
    const valid =
      answer &&
      typeof answer.access_token === "string" &&
      answer.access_token &&
      String(answer.token_type).toLowerCase() === "bearer" &&
      Number.isFinite(answer.expires_in) &&
      answer.expires_in > 0;
    if (!valid) throw new TokenError("invalid_response", "the token endpoint's answer is not a bearer token", false);
    const granted = typeof answer.scope === "string" ? answer.scope : scope;
    return {
      token: answer.access_token,
      issuedAt: sentAt,
      lifetimeMs: answer.expires_in * 1000,
      expiresAt: sentAt + answer.expires_in * 1000,
      scopes: granted.split(" ").filter(Boolean),
    };
  }

  async function revoke(clientId, secret, token) {
    await post(REVOKE_URL, clientId, secret, { token, token_type_hint: "access_token" });
  }

  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

  function say(message) {
    messageOut.textContent = message;
  }

  function complain(message) {
    errorOut.textContent = message;
  }

  function showSession(s) {
    clientOut.textContent = s.clientId;
    expiryOut.dateTime = new Date(s.expiresAt).toISOString();
    expiryOut.textContent = clock(s.expiresAt);
    scopesOut.replaceChildren(
      ...s.scopes.map((scope) => {
        const item = document.createElement("li");
        const code = document.createElement("code");
        code.textContent = scope;
        item.append(code);
        return item;
      }),
    );
    form.hidden = true;
    sessionBox.hidden = false;
  }

  function showSignedOut() {
    sessionBox.hidden = true;
    form.hidden = false;
    signInButton.disabled = false;
    signInButton.textContent = "Sign in";
  }

  /** When to renew: a minute (or a tenth of the lifetime) early, and never before half of it. */
  function schedule(s) {
    clearTimeout(s.timer);
    const lifetime = s.lifetimeMs;
    const renewAt = s.issuedAt + Math.max(lifetime - Math.max(60 * 1000, lifetime / 10), lifetime / 2);
    s.timer = setTimeout(() => renew(s), Math.max(0, renewAt - Date.now()));
  }

  function end(s) {
    clearTimeout(s.timer);
    if (session === s) session = null;
    showSignedOut();
  }

  /** Run the grant again with the secret in memory; one renewal at a time. */
  function renew(s) {
    if (session !== s) return Promise.resolve();
    if (!s.renewal) {
      s.renewal = (async () => {
        try {
          const fresh = await requestToken(s.clientId, s.secret, s.scope);
          if (session !== s) {
            revoke(s.clientId, s.secret, fresh.token).catch(() => undefined); // signed out meanwhile
            return;
          }
          Object.assign(s, fresh);
          showSession(s);
          complain("");
          say("Token renewed at " + clock(Date.now()) + ".");
          schedule(s);
        } catch (error) {
          if (session === s) renewalFailed(s, error);
        } finally {
          s.renewal = null;
        }
      })();
    }
    return s.renewal;
  }

  function renewalFailed(s, error) {
    const left = s.expiresAt - Date.now();
    if (left <= 0) {
      end(s);
      complain("Signed out: the token expired and could not be renewed (" + error.message + ").");
      return;
    }
    const retrying = error instanceof TokenError && error.retryable;
    complain(
      "Could not renew the token (" + error.message + "); the current one works until " + clock(s.expiresAt) +
        (retrying ? ". Trying again." : "."),
    );
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      if (retrying) {
        renew(s);
      } else if (session === s) {
        end(s);
        complain("Signed out: the token expired and could not be renewed (" + error.message + ").");
      }
    }, retrying ? Math.min(RETRY_MS, left) : left);
  }

  /** Have GraphiQL fetch the schema again (its own button): outside the demo, introspection needs the token. */
  function refetchSchema() {
    const button = document.querySelector('button[aria-label="Re-fetch GraphQL schema"]');
    if (button && !button.disabled) button.click();
  }

  async function signIn(event) {
    event.preventDefault();
    if (session) return;
    const clientId = clientIdInput.value.trim();
    const secret = secretInput.value;
    const scope = scopeInput.value.trim().split(/\s+/).filter(Boolean).join(" ");
    complain("");
    say("");
    if (!clientId || !secret) {
      complain("Enter the client id and the client secret.");
      (clientId ? secretInput : clientIdInput).focus();
      return;
    }
    signInButton.disabled = true;
    signInButton.textContent = "Signing in…";
    try {
      const granted = await requestToken(clientId, secret, scope);
      session = { clientId, secret, scope, timer: null, renewal: null, ...granted };
      secretInput.value = "";
      showSession(session);
      schedule(session);
      refetchSchema();
      signOutButton.focus();
    } catch (error) {
      showSignedOut();
      complain("Sign-in failed: " + error.message);
      secretInput.focus();
    }
  }

  async function signOut() {
    const s = session;
    if (!s) return;
    end(s);
    complain("");
    say("Signed out.");
    clientIdInput.focus();
    try {
      await revoke(s.clientId, s.secret, s.token);
      say("Signed out; the token is revoked.");
    } catch (error) {
      complain(
        "Signed out, but the token could not be revoked (" + error.message + "); it stays valid until " +
          clock(s.expiresAt) + ".",
      );
    } finally {
      s.secret = null;
      s.token = null;
    }
  }

  /** The token for the next request, renewed first when it is (almost) expired; null when signed out. */
  async function currentToken() {
    const s = session;
    if (!s) return null;
    if (Date.now() >= s.expiresAt - EARLY_MS) {
      await renew(s);
      if (session !== s || Date.now() >= s.expiresAt) {
        throw new Error("The token expired and could not be renewed: sign in again in the Authorize panel.");
      }
    }
    return s.token;
  }

  /** GraphiQL's fetcher with the signed-in client's bearer token on every request. */
  function fetcher(baseFetcher) {
    return async function authorizedFetcher(graphQLParams, options) {
      const headers = Object.assign({}, options && options.headers);
      const token = await currentToken();
      if (token) {
        for (const name of Object.keys(headers)) {
          if (name.toLowerCase() === "authorization") delete headers[name];
        }
        headers.Authorization = "Bearer " + token;
      }
      return baseFetcher(graphQLParams, Object.assign({}, options, { headers }));
    };
  }

  form.addEventListener("submit", signIn);
  signOutButton.addEventListener("click", signOut);
  // Timers in a hidden tab may run late: catch up as soon as the page is seen again.
  document.addEventListener("visibilitychange", () => {
    const s = session;
    if (s && document.visibilityState === "visible" && Date.now() >= s.expiresAt - 60 * 1000) renew(s);
  });

  window.CreditPlatformAuthorize = Object.freeze({ fetcher });
})();
