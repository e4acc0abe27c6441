/** The tester's credential bar: none, app signature (auto or on demand), AppCode, or IAM token. */
import type { Credential } from './signing';
import type { Signing } from './useSigning';

export function SigningPanel({ signing, onSignNow, onCopySignedCurl }: { signing: Signing; onSignNow(): void; onCopySignedCurl(): void }) {
  const { credential, setCredential, apps, tokens } = signing;
  const pickKind = (kind: Credential['kind']) => {
    if (kind === 'none') setCredential({ kind });
    else if (kind === 'app') setCredential({ kind, appId: apps[0]?.id ?? '' });
    else if (kind === 'appcode') {
      const app = apps.find((a) => a.appCodes.length > 0);
      setCredential({ kind, appId: app?.id ?? '', codeId: app?.appCodes[0]?.id ?? '' });
    } else setCredential({ kind, tokenId: tokens[0]?.id ?? '' });
  };
  const withCodes = apps.filter((a) => a.appCodes.length > 0);

  return (
    <div className="signing-bar" data-testid="signing-bar">
      <span className="muted">Credentials</span>
      <select value={credential.kind} onChange={(e) => pickKind(e.target.value as Credential['kind'])} aria-label="Credentials" data-testid="credential-kind">
        <option value="none">None</option>
        <option value="app">Sign with app (SDK-HMAC-SHA256)</option>
        <option value="appcode">AppCode (X-Apig-AppCode)</option>
        <option value="iam">IAM token (X-Auth-Token)</option>
      </select>
      {credential.kind === 'app' && (
        <>
          <select value={credential.appId} onChange={(e) => setCredential({ kind: 'app', appId: e.target.value })} aria-label="App" data-testid="sign-app">
            {apps.length === 0 && <option value="">no apps — create one under Credentials</option>}
            {apps.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <label className="check" title="Sign again on every send (a fresh X-Sdk-Date). Turn off to send the headers as they are, e.g. after editing one.">
            <input type="checkbox" checked={signing.autoSign} onChange={(e) => signing.setAutoSign(e.target.checked)} data-testid="auto-sign" /> sign on send
          </label>
          <button className="btn small" onClick={onSignNow} disabled={apps.length === 0} data-testid="sign-now">
            Sign now
          </button>
          <button className="btn small" onClick={onCopySignedCurl} disabled={apps.length === 0} data-testid="copy-signed-curl">
            Copy as signed curl
          </button>
        </>
      )}
      {credential.kind === 'appcode' && (
        <>
          <select
            value={`${credential.appId}/${credential.codeId}`}
            onChange={(e) => {
              const [appId, codeId] = e.target.value.split('/');
              setCredential({ kind: 'appcode', appId, codeId });
            }}
            aria-label="AppCode"
            data-testid="sign-appcode"
          >
            {withCodes.length === 0 && <option value="/">no AppCodes — add one under Credentials</option>}
            {withCodes.flatMap((a) =>
              a.appCodes.map((c, i) => (
                <option key={c.id} value={`${a.id}/${c.id}`}>
                  {a.name} — code {i + 1} ({c.code.slice(0, 6)}…)
                </option>
              )),
            )}
          </select>
          <span className="muted">APIG accepts AppCodes over HTTPS only; locally they need the gateway option appCodeOverHttp.</span>
        </>
      )}
      {credential.kind === 'iam' && (
        <select value={credential.tokenId} onChange={(e) => setCredential({ kind: 'iam', tokenId: e.target.value })} aria-label="IAM token" data-testid="sign-iam">
          {tokens.length === 0 && <option value="">no tokens — add one under Credentials</option>}
          {tokens.map((t) => (
            <option key={t.id} value={t.id}>
              {t.userName} ({t.token.slice(0, 10)}…)
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
