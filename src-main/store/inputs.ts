/** Input types of the store's create/update calls; they live in src-shared so the UI and importer share them. */
export type {
  GroupInput,
  EnvironmentInput,
  ApiInput,
  BackendInput,
  HttpBackendInput,
  MockBackendInput,
  FunctionBackendInput,
  FunctionInput,
  AuthorizerInput,
  ResponseSetInput,
  TesterRequest,
} from '../../src-shared/rules/inputs';
export type { ThrottleInput, AccessControlInput, PluginInput, OrchestrationInput } from '../../src-shared/rules/policies';
export type { BackendPolicyInput } from '../../src-shared/rules/inputs';
