/** Which screen a tab shows. */
import type { TabSpec } from './state/tabs';
import { ApiEditor } from './screens/api/ApiEditor';
import { AuthorizerEditor } from './screens/authorizer/AuthorizerEditor';
import { DefinitionEditor } from './screens/DefinitionEditor';
import { EnvironmentsScreen } from './screens/EnvironmentsScreen';
import { ExportScreen } from './screens/ExportScreen';
import { DeployScreen } from './screens/DeployScreen';
import { FunctionEditor } from './screens/FunctionEditor';
import { GatewayPanel } from './screens/GatewayPanel';
import { LabScreen } from './lab/LabScreen';
import { GroupEditor } from './screens/GroupEditor';
import { ResponseSetEditor } from './screens/responses/ResponseSetEditor';
import { TraceScreen } from './screens/TraceScreen';
import { Welcome } from './screens/Welcome';
import { TesterScreen } from './tester/TesterScreen';
import { CredentialsScreen } from './screens/credentials/CredentialsScreen';
import { PoliciesScreen } from './screens/policies/PoliciesScreen';

export function TabContent({ spec, tabKey }: { spec: TabSpec; tabKey: string }) {
  switch (spec.kind) {
    case 'welcome':
      return <Welcome />;
    case 'api':
      return <ApiEditor apiId={spec.id} tabKey={tabKey} />;
    case 'new-api':
      return <ApiEditor groupId={spec.groupId} tabKey={tabKey} />;
    case 'group':
      return <GroupEditor groupId={spec.id} tabKey={tabKey} />;
    case 'new-group':
      return <GroupEditor tabKey={tabKey} />;
    case 'authorizer':
      return <AuthorizerEditor authorizerId={spec.id} tabKey={tabKey} />;
    case 'new-authorizer':
      return <AuthorizerEditor tabKey={tabKey} />;
    case 'function':
      return <FunctionEditor functionId={spec.id} tabKey={tabKey} />;
    case 'new-function':
      return <FunctionEditor tabKey={tabKey} />;
    case 'environments':
      return <EnvironmentsScreen />;
    case 'response-set':
      return <ResponseSetEditor setId={spec.id} tabKey={tabKey} />;
    case 'definition':
      return <DefinitionEditor />;
    case 'export':
      return <ExportScreen />;
    case 'deploy':
      return <DeployScreen />;
    case 'tester':
      return <TesterScreen primary={!spec.seq} />;
    case 'gateway':
      return <GatewayPanel />;
    case 'lab':
      return <LabScreen />;
    case 'trace':
      return <TraceScreen traceId={spec.id} />;
    case 'credentials':
      return <CredentialsScreen />;
    case 'policies':
      return <PoliciesScreen />;
  }
}
