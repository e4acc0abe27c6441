/** Pure APIG validation rules, shared by the store, the importer and the UI. */
export * from './issues';
export * from './limits';
export * from './inputs';
export { validateGroup } from './group';
export { validateEnvironment, validateVariable } from './environment';
export { validateFunction } from './function';
export { validateAuthorizer } from './authorizer';
export { validateResponseSet } from './response-set';
export { validateApi, SYSTEM_PARAMS, type ApiRuleContext } from './api';
export { parsePathTemplate, findVariableRefs } from './paths';
export * from './policies';
export { validateApp, validateAppCode, validateIamToken, maskSecret, MAX_APP_CODES, LOCAL_ACCOUNT_NAME, type AppInput, type IamTokenInput } from './app';
