/**
 * The tester's credential state: which app / AppCode / IAM token to use, whether to sign on every
 * send, and what the client last signed (for the comparison when the gateway refuses it).
 */
import { useState } from 'react';
import { ENTITIES, useLiveList } from '../../screens/policies/useLiveList';
import { useWorkspace } from '../../state/WorkspaceContext';
import type { RequestForm } from '../requestForm';
import { signedCurl, signForm, withHeader, type ClientSigning, type Credential } from './signing';

export function useSigning(gatewayUrl: string) {
  const ws = useWorkspace();
  const apps = useLiveList(() => ws.api.listApps(), ENTITIES.apps);
  const tokens = useLiveList(() => ws.api.listIamTokens(), ENTITIES.iamTokens);
  const [credential, setCredential] = useState<Credential>({ kind: 'none' });
  const [autoSign, setAutoSign] = useState(true);
  const [lastSigning, setLastSigning] = useState<ClientSigning>();

  const appOf = (id: string) => apps.items.find((a) => a.id === id);

  /** Signs now (or sets the credential header); returns the form to show and send. */
  const apply = (form: RequestForm): RequestForm => {
    switch (credential.kind) {
      case 'none':
        return form;
      case 'app': {
        // The picker shows the first app while none is chosen; sign with what it shows.
        const app = appOf(credential.appId) ?? (credential.appId ? undefined : apps.items[0]);
        if (!app) throw new Error('the app chosen for signing no longer exists: pick another');
        const signed = signForm(form, gatewayUrl, app);
        setLastSigning(signed.signing);
        return signed.form;
      }
      case 'appcode': {
        const code = appOf(credential.appId)?.appCodes.find((c) => c.id === credential.codeId);
        if (!code) throw new Error('the AppCode chosen no longer exists: pick another');
        return withHeader(form, 'X-Apig-AppCode', code.code);
      }
      case 'iam': {
        const token = tokens.items.find((t) => t.id === credential.tokenId);
        if (!token) throw new Error('the IAM token chosen no longer exists: pick another');
        return withHeader(form, 'X-Auth-Token', token.token);
      }
    }
  };

  /** Before a send: sign when signing automatically; AppCode and token headers are always (re)set. */
  const beforeSend = (form: RequestForm): RequestForm => (credential.kind === 'app' && !autoSign ? form : apply(form));

  const curl = (form: RequestForm): string | undefined => {
    if (credential.kind !== 'app') return undefined;
    const app = appOf(credential.appId) ?? (credential.appId ? undefined : apps.items[0]);
    return app ? signedCurl(form, gatewayUrl, app) : undefined;
  };

  return { apps: apps.items, tokens: tokens.items, credential, setCredential, autoSign, setAutoSign, lastSigning, apply, beforeSend, curl };
}

export type Signing = ReturnType<typeof useSigning>;
